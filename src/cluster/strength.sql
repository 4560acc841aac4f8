-- The combined strength of each pair over its kinds of tie, as independent evidence (noisy-or):
-- two weak hints make a stronger tie than either, never more than certain.
SELECT a, b, 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) AS strength
  FROM edges
 GROUP BY a, b
HAVING 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) >= $weak
 ORDER BY a, b;
