-- Pairs of accounts that share a value, bounded: every pair for values shared by at most
-- $full_max accounts; above that, each member and its successor in $rings hash orderings
-- (see rarity.ts). Hubs make no pairs.
CREATE OR REPLACE TEMP TABLE link_pairs AS
WITH m AS (
  SELECT i.kind, i.value, i.account_id, v.accounts
    FROM link_items i JOIN link_values v USING (kind, value)
   WHERE NOT v.hub AND v.accounts >= 2
),
small AS (SELECT * FROM m WHERE accounts <= $full_max),
large AS (SELECT * FROM m WHERE accounts > $full_max),
ordered AS (
  SELECT l.kind, l.value, l.account_id,
         lead(l.account_id) OVER (PARTITION BY l.kind, l.value, r.ring ORDER BY hash(l.account_id, r.ring), l.account_id) AS nxt
    FROM large l CROSS JOIN range($rings) r(ring)
)
SELECT DISTINCT kind, value, a, b FROM (
  SELECT x.kind, x.value, x.account_id AS a, y.account_id AS b
    FROM small x JOIN small y ON x.kind = y.kind AND x.value = y.value AND x.account_id < y.account_id
  UNION ALL
  SELECT kind, value, least(account_id, nxt), greatest(account_id, nxt)
    FROM ordered WHERE nxt IS NOT NULL
);
