-- Per candidate campaign, per account: its campaign exchanges, and which detector family caught
-- it: infrastructure (a network, client or billing tie to another account of the campaign) and
-- behaviour (its own signals score as caught); and its capture history over every source — each
-- family of tie (network, client, content, billing, sign-up, timing, footprint) that ties it to
-- another account of the campaign ($min_weight or more), and behaviour — as a list of source names.
-- An exclusive custom client (`campaign_client_mains`, value-units.sql) that is the main client of
-- this account and of another account of the campaign catches it for the client family (and the
-- infrastructure family) whatever the rarity-weighted tie: a value that nearly only the campaign's
-- accounts use is the operator's TLS stack, though a large campaign on it weighs its pair tie
-- below $min_weight. Without it, a hydra on residential exits, without a card and with paraphrased
-- prompts is caught by behaviour alone, and Chao reads every account as caught once.
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
), exclusive AS (
  SELECT m.campaign_key, m.account_id
    FROM campaign_members m JOIN campaign_client_mains c USING (account_id)
   WHERE c.exclusive
  QUALIFY count(*) OVER (PARTITION BY m.campaign_key, c.value) >= 2
), families AS (
  SELECT campaign_key, account_id, list(DISTINCT family ORDER BY family) AS families
    FROM (
      SELECT ma.campaign_key, x.account_id, list_extract($families, list_position($family_kinds, ed.kind)) AS family
        FROM edges ed
        JOIN campaign_members ma ON ma.account_id = ed.a
        JOIN campaign_members mb ON mb.account_id = ed.b AND mb.campaign_key = ma.campaign_key
        CROSS JOIN LATERAL (SELECT unnest([ed.a, ed.b]) AS account_id) x
       WHERE list_contains($family_kinds, ed.kind) AND ed.weight >= $min_weight
      UNION ALL
      SELECT campaign_key, account_id, 'client' FROM exclusive
    )
   GROUP BY ALL
)
SELECT c.campaign_key, c.account_id, c.exchanges,
       t.account_id IS NOT NULL OR x.account_id IS NOT NULL AS infrastructure,
       coalesce(s.behaviour, 0) >= $caught AS behaviour,
       list_concat(coalesce(fa.families, []::VARCHAR[]),
                   CASE WHEN coalesce(s.behaviour, 0) >= $caught THEN ['behaviour'] ELSE []::VARCHAR[] END) AS sources
  FROM counted c
  LEFT JOIN tied t USING (campaign_key, account_id)
  LEFT JOIN exclusive x USING (campaign_key, account_id)
  LEFT JOIN families fa USING (campaign_key, account_id)
  LEFT JOIN campaign_account_scores s USING (account_id)
 ORDER BY c.campaign_key, c.account_id;
