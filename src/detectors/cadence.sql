-- Scripts do not sleep: activity spread over all hours of the day (hour-of-day entropy close to
-- its maximum; people sit near 0.65), days with 20+ active hours, and inter-arrival times more regular than a person's.
-- Guard (batch jobs of real businesses): a batch job runs in a window and then rests, so its
-- hour-of-day entropy stays low; regularity alone scores nothing without the missing rest.
-- At least $min_exchanges exchanges over $min_days days: fewer cannot show a daily rhythm.
INSERT INTO signals
WITH scored AS (
  SELECT account_id, exchanges, active_days, hour_entropy, round_clock_days, gap_cv, gap_median_s,
         greatest(ramp(hour_entropy, $entropy_from, $entropy_full), ramp(round_clock_days / active_days, $round_clock_from, $round_clock_full)) AS no_rest,
         ramp($irregular_cv - coalesce(gap_cv, $irregular_cv), 0, $regular_range) AS regular
    FROM account_features
   WHERE exchanges >= $min_exchanges AND active_days >= $min_days
)
SELECT account_id, $detector, no_rest * (1 - $regular_weight + $regular_weight * regular),
       format('active in {} of its {} day(s) for 20+ hours; hour-of-day entropy {} of the maximum; median gap {} s between requests (variation {})',
              round_clock_days, active_days, round(hour_entropy, 2), round(gap_median_s, 1), round(gap_cv, 2)),
       []::VARCHAR[]
  FROM scored
 WHERE no_rest > 0;
