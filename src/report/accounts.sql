-- One row per account seen by any stage: its cluster, campaign(s), strongest signal as score,
-- exchanges in the window and its three strongest signals. The src_* relations are prepended by
-- accounts.ts, standing in with empty rows for the tables a run did not produce.
signal_ranked AS (
  SELECT account_id, detector, strength,
         row_number() OVER (PARTITION BY account_id ORDER BY strength DESC, detector) AS rank
    FROM src_signals
), per_signal AS (
  SELECT account_id,
         max(strength) AS score,
         string_agg(detector || ':' || printf('%.2f', strength), ';' ORDER BY rank) FILTER (WHERE rank <= 3) AS top_signals
    FROM signal_ranked
   GROUP BY account_id
), per_exchange AS (
  SELECT account_id, count(*) AS exchanges FROM src_exchanges GROUP BY account_id
), per_cluster AS (
  SELECT account_id, min(cluster_id) AS cluster_id FROM src_clusters GROUP BY account_id
), per_campaign AS (
  SELECT account_id, string_agg(DISTINCT campaign_id, ';' ORDER BY campaign_id) AS campaign_id
    FROM src_campaign_accounts GROUP BY account_id
), everyone AS (
  SELECT account_id FROM per_exchange
  UNION SELECT account_id FROM per_cluster
  UNION SELECT account_id FROM per_campaign
  UNION SELECT account_id FROM per_signal
)
SELECT a.account_id,
       k.cluster_id::VARCHAR AS cluster_id,
       c.campaign_id::VARCHAR AS campaign_id,
       s.score::DOUBLE AS score,
       coalesce(x.exchanges, 0)::BIGINT AS exchanges,
       s.top_signals::VARCHAR AS top_signals
  FROM everyone a
  LEFT JOIN per_cluster k USING (account_id)
  LEFT JOIN per_campaign c USING (account_id)
  LEFT JOIN per_signal s USING (account_id)
  LEFT JOIN per_exchange x USING (account_id)
 WHERE a.account_id IS NOT NULL
 ORDER BY c.campaign_id NULLS LAST, s.score DESC NULLS LAST, x.exchanges DESC NULLS LAST, a.account_id
