-- What holds each campaign together: the strongest values its clusters share.
WITH campaign_clusters AS (
  SELECT DISTINCT ca.campaign_id, c.cluster_id
    FROM campaign_accounts ca
    JOIN clusters c USING (account_id)
), ties AS (
  SELECT cc.campaign_id, t.kind, left(t.value, 400) AS value,
         max(t.accounts)::BIGINT AS accounts, max(t.weight)::DOUBLE AS weight
    FROM campaign_clusters cc
    JOIN cluster_ties t USING (cluster_id)
   GROUP BY ALL
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY campaign_id ORDER BY weight DESC, accounts DESC, kind, value) AS rank
    FROM ties
)
SELECT campaign_id, kind, value, accounts, weight
  FROM ranked
 WHERE rank <= $limit
 ORDER BY campaign_id, rank
