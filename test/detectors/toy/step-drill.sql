-- A toy detector for test/detectors/new-detector.test.ts (never registered in src/): accounts
-- whose prompts mostly open with "Think step by step", with at least $min_exchanges exchanges.
-- It reads `exchanges` only because the campaign tests' hand-built world has no features tables;
-- a real detector reads the features tables (src/detectors/README.md).
INSERT INTO signals
WITH per_account AS (
  SELECT account_id, count(*) AS exchanges,
         avg(CASE WHEN starts_with(coalesce(prompt, ''), 'Think step by step') THEN 1 ELSE 0 END) AS share
    FROM exchanges GROUP BY account_id
)
SELECT account_id, $detector, ramp(share, $share_from, $share_full),
       format('{} of {} prompts open with "Think step by step"', pct(share), num(exchanges)), []::VARCHAR[]
  FROM per_account
 WHERE exchanges >= $min_exchanges AND ramp(share, $share_from, $share_full) > 0;
