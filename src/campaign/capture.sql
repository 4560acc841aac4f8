-- Per candidate campaign, per account: its campaign exchanges, and which detector family caught
-- it: infrastructure (a network, client or billing tie to another account of the campaign) and
-- behaviour (its own signals score as caught); and its capture history over every source — each
-- family of tie (network, client, content, billing, sign-up, timing, footprint) that ties it to
-- another account of the campaign ($min_weight or more), and behaviour — as a list of source names.
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
), families AS (
  SELECT ma.campaign_key, x.account_id,
         list(DISTINCT list_extract($families, list_position($family_kinds, ed.kind)) ORDER BY 1) AS families
    FROM edges ed
    JOIN campaign_members ma ON ma.account_id = ed.a
    JOIN campaign_members mb ON mb.account_id = ed.b AND mb.campaign_key = ma.campaign_key
    CROSS JOIN LATERAL (SELECT unnest([ed.a, ed.b]) AS account_id) x
   WHERE list_contains($family_kinds, ed.kind) AND ed.weight >= $min_weight
   GROUP BY ALL
)
SELECT c.campaign_key, c.account_id, c.exchanges,
       t.account_id IS NOT NULL AS infrastructure,
       coalesce(s.behaviour, 0) >= $caught AS behaviour,
       list_concat(coalesce(fa.families, []::VARCHAR[]),
                   CASE WHEN coalesce(s.behaviour, 0) >= $caught THEN ['behaviour'] ELSE []::VARCHAR[] END) AS sources
  FROM counted c
  LEFT JOIN tied t USING (campaign_key, account_id)
  LEFT JOIN families fa USING (campaign_key, account_id)
  LEFT JOIN campaign_account_scores s USING (account_id)
 ORDER BY c.campaign_key, c.account_id;
