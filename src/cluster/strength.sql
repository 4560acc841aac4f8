-- The combined strength of each pair. Within a family of kinds (kinds.ts) the strongest kind
-- counts; across families the evidence is independent and combines as a noisy-or: two weak hints
-- of different kinds make a stronger tie than either, never more than certain.
WITH per_family AS (
  SELECT e.a, e.b, k.family, max(e.weight) AS weight
    FROM edges e JOIN link_kinds k USING (kind)
   GROUP BY e.a, e.b, k.family
)
SELECT a, b, 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) AS strength,
       list(family ORDER BY family) AS families, list(weight ORDER BY family) AS weights
  FROM per_family
 GROUP BY a, b
HAVING 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) >= $weak
 ORDER BY a, b;
