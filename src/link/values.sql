-- Each shared value with the number of accounts that share it, its rarity weight, and whether it
-- is a hub (too common to tie anyone). MinHash signatures are never hubs: many accounts on one
-- signature means many accounts with the same timing, which is what lockstep looks for.
CREATE OR REPLACE TABLE link_values AS
SELECT i.kind, i.value, count(*) AS accounts, min(i.label) AS label,
       link_rarity(count(*)) * CASE WHEN any_value(b.value) IS NULL THEN 1.0 ELSE $browser END AS rarity,
       (count(*) > $hub AND any_value(k.mode) <> 'minhash') AS hub
  FROM link_items i JOIN link_kinds k USING (kind)
  LEFT JOIN link_browser b USING (kind, value)
 GROUP BY i.kind, i.value;
-- An account's mass in a kind: the rarity-weighted size of its value set, the Jaccard's denominator.
CREATE OR REPLACE TEMP TABLE link_mass AS
SELECT i.kind, i.account_id, sum(v.rarity) AS mass, count(*) AS n
  FROM link_items i JOIN link_values v USING (kind, value)
 WHERE NOT v.hub
 GROUP BY i.kind, i.account_id;
