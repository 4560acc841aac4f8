-- The traits each exchange is judged by when campaign and genuine traffic share accounts:
-- template reused across the group's accounts, elicitation, capability, follow-up turn, whether
-- it is a demand item (a lone item taking a whole answer, demand.sql), and whether its user agent
-- is one the genuine population commonly uses. Not the system prompt: tried, it made the campaign
-- side absorb customers of a hydra whose popular apps share one (meridian +0.5 to +4.9 % on small
-- seed 1 with and without tactics). Not the TLS fingerprint or
-- the address: a hydra's gateway gives its honest customers the campaign's own. Exchanges of the candidate
-- accounts and of everyone else ("population") are described the same way.
CREATE OR REPLACE TEMP TABLE separation_exchanges AS
WITH members AS (
  SELECT campaign_key, account_id FROM campaign_members
), described AS (
  SELECT f.request_id, f.account_id, m.campaign_key, f.template_id,
         coalesce(len(f.elicitation), 0) > 0 AS elicits,
         coalesce(f.capability, 'none') AS capability,
         coalesce(e.turn, 1) > 1 AS follow_up,
         e.user_agent AS client,
         coalesce(dm.demand, false) AS demand
    FROM exchange_features f
    JOIN exchanges e USING (request_id)
    LEFT JOIN campaign_exchange_demand dm USING (request_id)
    LEFT JOIN members m ON m.account_id = f.account_id
   WHERE f.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
), client_reach AS (
  SELECT client, count(DISTINCT account_id) AS reach FROM described
   WHERE campaign_key IS NULL AND client IS NOT NULL GROUP BY client
), template_reach AS (
  SELECT coalesce(campaign_key, '') AS grp, template_id, count(DISTINCT account_id) AS reach
    FROM described WHERE template_id IS NOT NULL GROUP BY ALL
)
SELECT d.request_id, d.account_id, d.campaign_key,
       concat_ws('|',
         CASE WHEN t.reach >= 2 THEN 'shared' ELSE 'own' END,
         CASE WHEN d.elicits THEN 'elicits' ELSE 'plain' END,
         d.capability,
         CASE WHEN d.follow_up THEN 'follow-up' ELSE 'first' END,
         CASE WHEN d.demand THEN 'demand' ELSE 'measured' END,
         CASE WHEN d.client IS NULL THEN 'no-client' WHEN coalesce(c.reach, 0) >= $common THEN 'common-client' ELSE 'rare-client' END
       ) AS cell
  FROM described d
  LEFT JOIN client_reach c USING (client)
  LEFT JOIN template_reach t ON t.grp = coalesce(d.campaign_key, '') AND t.template_id = d.template_id;
