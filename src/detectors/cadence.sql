-- Scripts do not sleep: activity spread over all hours of the day (hour-of-day entropy close to
-- its maximum; people sit near 0.65), days with 20+ active hours, and inter-arrival times more regular than a person's.
-- Guard (batch jobs of real businesses): a batch job runs in a window and then rests, so its
-- hour-of-day entropy stays low; regularity alone scores nothing without the missing rest.
-- At least 50 exchanges over 2 days: fewer cannot show a daily rhythm.
INSERT INTO signals
WITH scored AS (
  SELECT account_id, exchanges, active_days, hour_entropy, round_clock_days, gap_cv, gap_median_s,
         greatest(ramp(hour_entropy, 0.75, 0.95), ramp(round_clock_days / active_days, 0.2, 0.8)) AS no_rest,
         ramp(1.2 - coalesce(gap_cv, 1.2), 0.0, 0.8) AS regular
    FROM account_features
   WHERE exchanges >= 50 AND active_days >= 2
)
SELECT account_id, $detector, no_rest * (0.6 + 0.4 * regular),
       format('active in {} of its {} day(s) for 20+ hours; hour-of-day entropy {} of the maximum; median gap {} s between requests (variation {})',
              round_clock_days, active_days, round(hour_entropy, 2), round(gap_median_s, 1), round(gap_cv, 2)),
       []::VARCHAR[]
  FROM scored
 WHERE no_rest > 0;
