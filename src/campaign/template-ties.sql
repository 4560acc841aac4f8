-- Kept units that run the same prompt set: for each pair, the share of each side's exchanges in
-- templates the other side also uses. Two operators write their own prompts; one operator's
-- parts share them, even where a sampled export leaves too few address ties to show it.
WITH traffic AS (
  SELECT u.cluster_id, f.template_id
    FROM exchange_features f JOIN campaign_units u USING (account_id)
   WHERE u.cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters) AND f.template_id IS NOT NULL
), used AS (
  SELECT cluster_id, template_id, count(*) AS n FROM traffic GROUP BY ALL
), totals AS (
  SELECT cluster_id, sum(n) AS total FROM used GROUP BY cluster_id
), shared AS (
  SELECT x.cluster_id AS x, y.cluster_id AS y, sum(x.n) AS x_shared
    FROM used x JOIN used y ON x.template_id = y.template_id AND x.cluster_id <> y.cluster_id
   GROUP BY ALL
)
SELECT s.x, s.y, s.x_shared / tx.total AS x_share, r.x_shared / ty.total AS y_share
  FROM shared s
  JOIN shared r ON r.x = s.y AND r.y = s.x
  JOIN totals tx ON tx.cluster_id = s.x
  JOIN totals ty ON ty.cluster_id = s.y
 WHERE s.x < s.y
 ORDER BY s.x, s.y;
