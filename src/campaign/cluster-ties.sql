-- Infrastructure ties between clusters that both scored as campaigns: how many account pairs
-- across the two share network, client or billing traits.
SELECT least(ca.cluster_id, cb.cluster_id) AS x,
       greatest(ca.cluster_id, cb.cluster_id) AS y,
       count(*)::INTEGER AS ties
  FROM edges e
  JOIN clusters ca ON ca.account_id = e.a
  JOIN clusters cb ON cb.account_id = e.b
 WHERE ca.cluster_id <> cb.cluster_id
   AND list_contains($kinds, e.kind)
   AND ca.cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
   AND cb.cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
 GROUP BY ALL
 ORDER BY x, y;
