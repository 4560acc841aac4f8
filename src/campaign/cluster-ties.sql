-- Infrastructure ties between clusters that both scored as campaigns: how many accounts of
-- each side take part in a tie of an infrastructure kind to the other side.
WITH kept AS (
  SELECT c.account_id, c.cluster_id FROM campaign_units c
   WHERE c.cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
), crossing AS (
  SELECT ka.cluster_id AS ca, kb.cluster_id AS cb, e.a, e.b
    FROM edges e
    JOIN kept ka ON ka.account_id = e.a
    JOIN kept kb ON kb.account_id = e.b
   WHERE ka.cluster_id <> kb.cluster_id AND list_contains($kinds, e.kind) AND e.weight >= $min_weight
), sides AS (
  SELECT least(ca, cb) AS x, greatest(ca, cb) AS y,
         CASE WHEN ca < cb THEN a ELSE b END AS on_x, CASE WHEN ca < cb THEN b ELSE a END AS on_y
    FROM crossing
), sizes AS (
  SELECT cluster_id, count(*) AS size FROM kept GROUP BY cluster_id
)
SELECT s.x, s.y, count(DISTINCT s.on_x)::INTEGER AS x_accounts, count(DISTINCT s.on_y)::INTEGER AS y_accounts,
       any_value(zx.size)::INTEGER AS x_size, any_value(zy.size)::INTEGER AS y_size
  FROM sides s JOIN sizes zx ON zx.cluster_id = s.x JOIN sizes zy ON zy.cluster_id = s.y
 GROUP BY s.x, s.y
 ORDER BY s.x, s.y;
