-- One edge per (pair, kind): the weight of the tie (see kinds.ts for the modes) and a sentence
-- naming the strongest shared values, for the report and `explain` to quote.
CREATE OR REPLACE TABLE edges AS
WITH pk AS (
  SELECT p.kind, p.a, p.b, count(*) AS shared, sum(v.rarity) AS s, max(v.accounts) AS sharers,
         -- The two rarest shared values (ties broken by value, so the sentence is the same every run).
         max_by(struct_pack(v := CASE WHEN v.label IS NULL THEN p.value ELSE '"' || v.label || '" (' || p.value || ')' END,
                            n := v.accounts),
                struct_pack(r := v.rarity, v := p.value), 2) AS top
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
SELECT a, b, kind, round(weight, 4) AS weight,
       CASE mode
         WHEN 'overlap' THEN printf('%d shared %s (rarity-weighted Jaccard %.2f over %d and %d); strongest: %s',
                                    shared, noun, jaccard, n_a, n_b,
                                    array_to_string(list_transform(top, t -> t.v || ' used by ' || t.n || ' accounts'), '; '))
         WHEN 'single' THEN printf('same %s %s, shared by %d accounts', noun, top[1].v, top[1].n)
         ELSE printf('active and silent in the same %s: %d of %d activity signatures agree (Jaccard about %.2f; %d and %d active slots)',
                     noun, shared, $signatures, shared / $signatures, slots_a, slots_b)
       END AS evidence
  FROM scored
 WHERE weight >= $min_weight
 ORDER BY a, b, kind;
