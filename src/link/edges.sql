-- One edge per (pair, kind): the weight of the tie (see kinds.ts for the modes) and a sentence
-- naming the strongest shared values, for the report and `explain` to quote.
-- In three steps, each an aggregate or a window DuckDB can spill: a top-2 aggregate (max_by with
-- a count) keeps its state outside the memory limit and ran out of memory on the large preset
-- under a 3 GB limit; the two rarest values are now ranked only for the pairs that make an edge.
CREATE OR REPLACE TEMP TABLE link_scored AS
WITH pk AS (
  SELECT p.kind, p.a, p.b, count(*) AS shared, sum(v.rarity) AS s, max(v.accounts) AS sharers
    FROM link_pairs p JOIN link_values v USING (kind, value)
   GROUP BY p.kind, p.a, p.b
),
scored AS (
  SELECT pk.*, k.mode, k.noun, ma.n AS n_a, mb.n AS n_b,
         pk.s / (ma.mass + mb.mass - pk.s) AS jaccard,
         la.slots AS slots_a, lb.slots AS slots_b,
         CASE k.mode
           -- Rarity-weighted Jaccard, saturating at $saturation, times the mean rarity of what is
           -- shared: two accounts whose only user agent is one popular SDK are not tied.
           WHEN 'overlap' THEN k.base * least(1.0, (pk.s / (ma.mass + mb.mass - pk.s)) / $saturation) * (pk.s / pk.shared)
           WHEN 'single' THEN k.base * CASE WHEN k.rarity THEN pk.s ELSE least(1.0, pk.sharers / k.full_at) END
           -- Agreement beyond chance, times how much silence there is to share: accounts busy in
           -- every slot (24/7 batch jobs) agree with everyone and say nothing.
           WHEN 'minhash' THEN k.base * least(1.0, greatest(0.0, (pk.shared / $signatures - 0.3) / 0.5))
                                      * (1.0 - greatest(la.share, lb.share))
         END AS weight
    FROM pk
    JOIN link_kinds k USING (kind)
    JOIN link_mass ma ON ma.kind = pk.kind AND ma.account_id = pk.a
    JOIN link_mass mb ON mb.kind = pk.kind AND mb.account_id = pk.b
    LEFT JOIN link_activity la ON la.account_id = pk.a
    LEFT JOIN link_activity lb ON lb.account_id = pk.b
   WHERE pk.shared >= k.min_shared
)
SELECT * FROM scored WHERE weight >= $min_weight;

-- The two rarest shared values of each edge (ties broken by value, so the sentence is the same every run).
CREATE OR REPLACE TEMP TABLE link_top AS
SELECT kind, a, b, rank, v, n FROM (
  SELECT p.kind, p.a, p.b,
         CASE WHEN v.label IS NULL THEN p.value ELSE '"' || v.label || '" (' || p.value || ')' END AS v,
         v.accounts AS n,
         row_number() OVER (PARTITION BY p.kind, p.a, p.b ORDER BY v.rarity DESC, p.value DESC) AS rank
    FROM link_pairs p
    SEMI JOIN link_scored s ON s.kind = p.kind AND s.a = p.a AND s.b = p.b
    JOIN link_values v ON v.kind = p.kind AND v.value = p.value
) WHERE rank <= 2;

CREATE OR REPLACE TABLE edges AS
SELECT s.a, s.b, s.kind, round(s.weight, 4) AS weight,
       CASE s.mode
         WHEN 'overlap' THEN printf('%d shared %s (rarity-weighted Jaccard %.2f over %d and %d); strongest: %s',
                                    s.shared, s.noun, s.jaccard, s.n_a, s.n_b,
                                    t1.v || ' used by ' || t1.n || ' accounts' || coalesce('; ' || t2.v || ' used by ' || t2.n || ' accounts', ''))
         WHEN 'single' THEN printf('same %s %s, shared by %d accounts', s.noun, t1.v, t1.n)
         ELSE printf('active and silent in the same %s: %d of %d activity signatures agree (Jaccard about %.2f; %d and %d active slots)',
                     s.noun, s.shared, $signatures, s.shared / $signatures, s.slots_a, s.slots_b)
       END AS evidence
  FROM link_scored s
  JOIN link_top t1 ON t1.kind = s.kind AND t1.a = s.a AND t1.b = s.b AND t1.rank = 1
  LEFT JOIN link_top t2 ON t2.kind = s.kind AND t2.a = s.a AND t2.b = s.b AND t2.rank = 2
 ORDER BY s.a, s.b, s.kind;

DROP TABLE link_scored;
DROP TABLE link_top;
