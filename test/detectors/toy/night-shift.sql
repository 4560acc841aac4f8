-- Scripts run at night: the share of an account's exchanges between 01:00 and 05:00 UTC.
-- Guard: at least $min_exchanges exchanges; a share, not a count.
INSERT INTO signals
WITH night AS (
  SELECT account_id, sum(exchanges) AS exchanges,
         sum(exchanges) FILTER (WHERE hour(hour) BETWEEN 1 AND 4) / sum(exchanges) AS night_share
    FROM account_hours GROUP BY account_id
)
SELECT account_id, $detector, ramp(night_share, $share_from, $share_full),
       format('{} of {} exchanges between 01:00 and 05:00 UTC', pct(night_share), num(exchanges)),
       []::VARCHAR[]
  FROM night
 WHERE exchanges >= $min_exchanges AND ramp(night_share, $share_from, $share_full) > 0;
