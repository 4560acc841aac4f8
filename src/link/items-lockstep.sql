-- Lockstep: accounts driven by one scheduler are active, and silent, in the same 10-minute slots;
-- a stream spread round-robin over accounts puts every one of them in the stream's slots.
-- Slot sets are too large to intersect pair by pair, so each account gets $signatures MinHash
-- signatures over its slots: two accounts agree on a signature with probability equal to the
-- Jaccard of their slot sets. Signatures enter link_items as values like any other.
-- Accounts with fewer than $min_slots active slots carry too little timing to compare.
CREATE OR REPLACE TABLE link_activity AS
WITH slots AS (
  SELECT DISTINCT account_id, CAST(floor(epoch(ts) / 600) AS BIGINT) AS slot
    FROM exchanges WHERE account_id IS NOT NULL AND ts IS NOT NULL
),
span AS (SELECT max(slot) - min(slot) + 1 AS total FROM slots)
SELECT account_id, count(*) AS slots, count(*) / any_value(span.total) AS share
  FROM slots CROSS JOIN span
 GROUP BY account_id;
INSERT INTO link_items
WITH slots AS (
  SELECT DISTINCT e.account_id, CAST(floor(epoch(e.ts) / 600) AS BIGINT) AS slot
    FROM exchanges e JOIN link_activity a ON a.account_id = e.account_id AND a.slots >= $min_slots
   WHERE e.ts IS NOT NULL
)
SELECT 'lockstep', k.seed || ':' || min(hash(s.slot, k.seed)), s.account_id, NULL
  FROM slots s CROSS JOIN range($signatures) k(seed)
 GROUP BY s.account_id, k.seed;
