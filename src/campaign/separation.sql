-- The traits each exchange is judged by when campaign and genuine traffic share accounts:
-- template reused across the group's accounts, elicitation, capability, follow-up turn, whether
-- it is a demand item (a lone item taking a whole answer, demand.sql), and whether its user agent
-- is one the genuine population commonly uses. Not the system prompt alone: tried, it made the
-- campaign side absorb customers of a hydra whose popular apps share one (meridian +0.5 to +4.9 %
-- on small seed 1 with and without tactics). Not the TLS fingerprint or the address: a hydra's
-- gateway gives its honest customers the campaign's own. Exchanges of the candidate accounts and
-- of everyone else ("population") are described the same way.
--
-- Campaign exchanges carry one trait more, the *operator's setting*: a harvest is one program
-- sending the operator's items with the operator's request settings over every account, while a
-- reseller's customers each bring their own. A setting is the request's (system prompt,
-- max_tokens, temperature), or its (max_tokens, temperature) alone (a paraphrased system prompt
-- never repeats); it is the operator's when at least half of the campaign's accounts (and 2) use
-- it and the campaign's accounts are most of its users: fewer accounts outside any campaign use
-- it than inside, and fewer than $common, or fewer than the campaign's own — a popular app's
-- system prompt or an SDK's default parameters are everyone's, so they say nothing, while the
-- operator's setting on accounts the campaign missed is still the operator's (and says how much
-- traffic may have been missed: `separation_missed`). Its genuine frequency is not a
-- population cell (the population has no campaign to share a setting with) but the population's
-- share of exchanges using one of the campaign's operator settings (`separation_setting_share`).
CREATE OR REPLACE TEMP TABLE separation_described AS
WITH members AS (
  SELECT campaign_key, account_id FROM campaign_members
)
SELECT f.request_id, f.account_id, m.campaign_key, f.template_id,
       coalesce(len(f.elicitation), 0) > 0 AS elicits,
       coalesce(f.capability, 'none') AS capability,
       coalesce(e.turn, 1) > 1 AS follow_up,
       e.user_agent AS client,
       coalesce(dm.demand, false) AS demand,
       concat_ws('|', coalesce(e.max_tokens::VARCHAR, '-'), coalesce(e.temperature::VARCHAR, '-')) AS params,
       concat_ws('|', coalesce(hash(e.system_prompt)::VARCHAR, '-'), coalesce(e.max_tokens::VARCHAR, '-'), coalesce(e.temperature::VARCHAR, '-')) AS setting
  FROM exchange_features f
  JOIN exchanges e USING (request_id)
  LEFT JOIN campaign_exchange_demand dm USING (request_id)
  LEFT JOIN members m ON m.account_id = f.account_id
 WHERE f.account_id NOT IN (SELECT account_id FROM allowlisted_accounts);

-- The operator's settings of each campaign (both kinds in one list, tagged).
CREATE OR REPLACE TEMP TABLE separation_operator_settings AS
WITH sized AS (
  SELECT campaign_key, count(DISTINCT account_id) AS accounts FROM separation_described
   WHERE campaign_key IS NOT NULL GROUP BY campaign_key
), used AS (
  SELECT campaign_key, 'p:' || params AS value, account_id FROM separation_described WHERE campaign_key IS NOT NULL
  UNION ALL
  SELECT campaign_key, 's:' || setting, account_id FROM separation_described WHERE campaign_key IS NOT NULL
), reach AS (
  SELECT campaign_key, value, count(DISTINCT account_id) AS reach FROM used GROUP BY ALL
), outside AS (
  SELECT value, count(DISTINCT account_id) AS reach
    FROM (SELECT 'p:' || params AS value, account_id FROM separation_described WHERE campaign_key IS NULL
          UNION ALL
          SELECT 's:' || setting, account_id FROM separation_described WHERE campaign_key IS NULL)
   GROUP BY value
)
SELECT r.campaign_key, r.value
  FROM reach r JOIN sized s USING (campaign_key) LEFT JOIN outside o USING (value)
 WHERE r.reach >= greatest(2, s.accounts / 2) AND coalesce(o.reach, 0) < greatest($common, r.reach);

-- The population's share of exchanges using one of each campaign's operator settings (counts:
-- the model smooths them).
CREATE OR REPLACE TEMP TABLE separation_setting_share AS
WITH population AS (
  SELECT request_id, unnest(['p:' || params, 's:' || setting]) AS value FROM separation_described WHERE campaign_key IS NULL
), hits AS (
  SELECT o.campaign_key, count(DISTINCT p.request_id) AS hits
    FROM population p JOIN separation_operator_settings o USING (value) GROUP BY o.campaign_key
)
SELECT k.campaign_key, coalesce(h.hits, 0)::BIGINT AS hits,
       (SELECT count(*) FROM separation_described WHERE campaign_key IS NULL)::BIGINT AS total
  FROM (SELECT DISTINCT campaign_key FROM separation_described WHERE campaign_key IS NOT NULL) k
  LEFT JOIN hits h USING (campaign_key);

CREATE OR REPLACE TEMP TABLE separation_exchanges AS
WITH client_reach AS (
  SELECT client, count(DISTINCT account_id) AS reach FROM separation_described
   WHERE campaign_key IS NULL AND client IS NOT NULL GROUP BY client
), template_reach AS (
  SELECT coalesce(campaign_key, '') AS grp, template_id, count(DISTINCT account_id) AS reach
    FROM separation_described WHERE template_id IS NOT NULL GROUP BY ALL
), operator AS (
  SELECT DISTINCT d.request_id
    FROM (SELECT request_id, campaign_key, unnest(['p:' || params, 's:' || setting]) AS value
            FROM separation_described WHERE campaign_key IS NOT NULL) d
    JOIN separation_operator_settings o USING (campaign_key, value)
)
SELECT d.request_id, d.account_id, d.campaign_key,
       concat_ws('|',
         CASE WHEN t.reach >= 2 THEN 'shared' ELSE 'own' END,
         CASE WHEN d.elicits THEN 'elicits' ELSE 'plain' END,
         d.capability,
         CASE WHEN d.follow_up THEN 'follow-up' ELSE 'first' END,
         CASE WHEN d.demand THEN 'demand' ELSE 'measured' END,
         CASE WHEN d.client IS NULL THEN 'no-client' WHEN coalesce(c.reach, 0) >= $common THEN 'common-client' ELSE 'rare-client' END,
         CASE WHEN d.campaign_key IS NULL THEN NULL WHEN op.request_id IS NOT NULL THEN 'operator-setting' ELSE 'own-setting' END
       ) AS cell
  FROM separation_described d
  LEFT JOIN client_reach c USING (client)
  LEFT JOIN template_reach t ON t.grp = coalesce(d.campaign_key, '') AND t.template_id = d.template_id
  LEFT JOIN operator op USING (request_id);

-- Traffic the campaign may have missed: exchanges of accounts outside any campaign sent with one
-- of its operator's settings. Not counted (an account is a member by the decision, not by one
-- setting), but the interval's upper bound makes room for it (estimate.ts).
CREATE OR REPLACE TEMP TABLE separation_missed AS
SELECT o.campaign_key, count(DISTINCT d.account_id)::INTEGER AS accounts, count(DISTINCT d.request_id)::BIGINT AS exchanges
  FROM (SELECT request_id, account_id, unnest(['p:' || params, 's:' || setting]) AS value
          FROM separation_described WHERE campaign_key IS NULL) d
  JOIN separation_operator_settings o USING (value)
 GROUP BY o.campaign_key;
