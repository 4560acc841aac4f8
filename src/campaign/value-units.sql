-- Units formed by an exclusive custom client: a client (TLS) fingerprint that is the main client
-- of each account using it (at least $main of its exchanges), of nearly all its users
-- ($exclusive of the accounts ever seen with it), and no browser's (a browser build is shared by
-- everyone on it, far beyond this export). An operator's gateway or runner gives every request of
-- its accounts one TLS stack that nobody else has: rotating residential exits, aged accounts
-- without a card and paraphrased prompts leave no other tie, and rarity weighs a value shared by
-- 121 of 800 accounts at 0.13, so clustering never puts them together. Honest groups have such
-- values too (a popular SDK build, a company's in-house client, a class on one starter kit): the
-- value only forms the unit; the campaign decision judges it on its behaviour and harvest like
-- any cluster. Values above the hub size ($hub accounts), accounts already in a unit kept as a
-- campaign (`campaign_value_kept`) and allowlisted accounts are left out; a unit needs $min_accounts accounts.
-- Writes campaign_client_mains(account_id, value, exclusive) (each account's main client, and
-- whether it is exclusive) and campaign_value_units(account_id, value).
CREATE OR REPLACE TEMP TABLE campaign_client_mains AS
WITH per AS (
  SELECT account_id, nullif(trim(client_fingerprint), '') AS value, count(*) AS n,
         count(*) FILTER (WHERE starts_with(trim(coalesce(user_agent, '')), 'Mozilla/5.0 (')) AS browser
    FROM exchanges
   WHERE account_id IS NOT NULL
   GROUP BY ALL
), totals AS (
  SELECT account_id, sum(n) AS n FROM per GROUP BY account_id
), main AS (
  SELECT p.account_id, p.value
    FROM per p JOIN totals t USING (account_id)
   WHERE p.value IS NOT NULL AND p.n >= $main * t.n
  QUALIFY row_number() OVER (PARTITION BY p.account_id ORDER BY p.n DESC, p.value) = 1
), used AS (
  SELECT value, count(DISTINCT account_id) AS users, sum(browser) / sum(n) AS browser_share
    FROM per WHERE value IS NOT NULL GROUP BY value
), exclusive AS (
  SELECT u.value
    FROM used u JOIN (SELECT value, count(*) AS mains FROM main GROUP BY value) m USING (value)
   WHERE u.browser_share < 0.5 AND u.users <= $hub AND m.mains >= $exclusive * u.users
)
SELECT m.account_id, m.value, m.value IN (SELECT value FROM exclusive) AS exclusive FROM main m;

CREATE OR REPLACE TEMP TABLE campaign_value_units AS
SELECT account_id, value
  FROM campaign_client_mains
 WHERE exclusive
   AND account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
   AND account_id NOT IN (SELECT account_id FROM campaign_units WHERE cluster_id IN (SELECT cluster_id FROM campaign_value_kept))
QUALIFY count(*) OVER (PARTITION BY value) >= $min_accounts
ORDER BY value, account_id;
