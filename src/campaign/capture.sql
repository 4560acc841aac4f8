-- Per candidate campaign, per account: its campaign exchanges, and which detector family caught
-- it: infrastructure (a network, client or billing tie to another account of the campaign) and
-- behaviour (its own signals score as caught).
WITH counted AS (
  SELECT k.campaign_key, e.account_id, count(*)::BIGINT AS exchanges
    FROM campaign_exchange_keys k JOIN exchange_features e USING (request_id)
   GROUP BY ALL
), tied AS (
  SELECT DISTINCT ma.campaign_key, x.account_id
    FROM edges ed
    JOIN campaign_members ma ON ma.account_id = ed.a
    JOIN campaign_members mb ON mb.account_id = ed.b AND mb.campaign_key = ma.campaign_key
    CROSS JOIN LATERAL (SELECT unnest([ed.a, ed.b]) AS account_id) x
   WHERE list_contains($kinds, ed.kind) AND ed.weight >= $min_weight
)
SELECT c.campaign_key, c.account_id, c.exchanges,
       t.account_id IS NOT NULL AS infrastructure,
       coalesce(s.behaviour, 0) >= $caught AS behaviour
  FROM counted c
  LEFT JOIN tied t USING (campaign_key, account_id)
  LEFT JOIN campaign_account_scores s USING (account_id)
 ORDER BY c.campaign_key, c.account_id;
