-- What holds each cluster together: the values its members share (hubs excluded) with how many
-- members share each and the value's weight as a tie; lockstep as one line per cluster.
CREATE OR REPLACE TABLE cluster_ties AS
WITH shared AS (
  SELECT c.cluster_id, i.kind,
         CASE WHEN v.label IS NULL THEN i.value ELSE '"' || v.label || '" (' || i.value || ')' END AS value,
         count(*) AS accounts,
         any_value(k.base) * CASE WHEN any_value(k.rarity) THEN any_value(v.rarity) ELSE 1.0 END AS weight
    FROM link_items i
    JOIN clusters c USING (account_id)
    JOIN link_values v USING (kind, value)
    JOIN link_kinds k USING (kind)
   WHERE NOT v.hub AND k.mode <> 'minhash'
   GROUP BY c.cluster_id, i.kind, i.value, v.label
  HAVING count(*) >= 2
),
lock AS (
  SELECT ca.cluster_id, 'lockstep' AS kind, 'active and silent in the same 10-minute slots' AS value,
         count(DISTINCT x.account_id) AS accounts, avg(e.weight) AS weight
    FROM edges e
    JOIN clusters ca ON ca.account_id = e.a
    JOIN clusters cb ON cb.account_id = e.b AND cb.cluster_id = ca.cluster_id
    CROSS JOIN unnest([e.a, e.b]) x(account_id)
   WHERE e.kind = 'lockstep'
   GROUP BY ca.cluster_id
),
-- A few values of each kind, so a hundred shared IP-hours do not hide the one shared card.
per_kind AS (
  SELECT *, row_number() OVER (PARTITION BY cluster_id, kind ORDER BY accounts * weight DESC, value) AS kind_rank
    FROM (SELECT * FROM shared UNION ALL SELECT * FROM lock)
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY accounts * weight DESC, kind, value) AS rank
    FROM per_kind WHERE kind_rank <= $per_kind
)
SELECT cluster_id, kind, value, accounts, round(weight, 4) AS weight
  FROM ranked
 WHERE rank <= $per_cluster
 ORDER BY cluster_id, accounts * weight DESC, kind, value;
