-- Campaigns chase a new model at once: part of an account's traffic moves to a newly released
-- model within $window_hours h of its release (the window follows the disclosed pivot, where an operator
-- moved about half its traffic). Release times come from `model_releases`, or else a model first
-- seen $first_seen_days day(s) or more into the data is taken as released at its first appearance.
-- Guards (enthusiasts and evaluation harnesses that switch on day one): a person or a harness
-- simply moves to the new model, so a full switch (over $switch_from new) fades out; an operator
-- re-points part of its pipeline and keeps the rest running, so its traffic is split. And a
-- pivot counts only inside a wave: strength grows with the number of accounts that split their
-- traffic to the same model in the same window ($wave_from or fewer: nothing; $wave_full or more: full).
-- The account must have been active in the $lookback_days days before the release.
INSERT INTO signals
WITH span AS (SELECT min(hour) AS start FROM account_model_hours),
releases AS (
  SELECT model, date_trunc('hour', released_at) AS released_at FROM model_releases WHERE released_at IS NOT NULL
  UNION ALL
  SELECT i.model, i.first_hour
    FROM (SELECT model, min(hour) AS first_hour FROM account_model_hours GROUP BY model) i, span
   WHERE i.first_hour >= span.start + INTERVAL ($first_seen_days) DAY
     AND i.model NOT IN (SELECT model FROM model_releases WHERE model IS NOT NULL AND released_at IS NOT NULL)
), windowed AS (
  SELECT h.account_id, r.model AS new_model, r.released_at,
         sum(h.exchanges) FILTER (WHERE h.hour >= r.released_at) AS after_total,
         coalesce(sum(h.exchanges) FILTER (WHERE h.hour >= r.released_at AND h.model = r.model), 0) AS after_new,
         coalesce(sum(h.exchanges) FILTER (WHERE h.hour < r.released_at), 0) AS before_total,
         min(h.hour) FILTER (WHERE h.hour >= r.released_at AND h.model = r.model) AS first_new
    FROM account_model_hours h JOIN releases r
      ON h.hour >= r.released_at - INTERVAL ($lookback_days) DAY AND h.hour < r.released_at + INTERVAL ($window_hours) HOUR
   GROUP BY ALL
), pivots AS (
  SELECT *, after_new / after_total AS share,
         ramp(after_new / after_total, $split_from, $split_full) * (1 - ramp(after_new / after_total, $switch_from, $switch_full)) AS split
    FROM windowed
   WHERE before_total >= $min_before AND after_total >= $min_after AND after_new > 0
), in_step AS (
  SELECT *, count(*) FILTER (WHERE split > 0) OVER (PARTITION BY new_model, released_at) - 1 AS cohort
    FROM pivots
), best AS (
  SELECT *, split * ramp(cohort, $wave_from, $wave_full) AS s,
         row_number() OVER (PARTITION BY account_id ORDER BY split * ramp(cohort, $wave_from, $wave_full) DESC, released_at, new_model) AS rank
    FROM in_step
)
SELECT account_id, $detector, s,
       format('moved {} of its traffic ({} of {} exchanges) to {} within {} h of its release at {}, as did {} other account(s)',
              pct(share), num(after_new), num(after_total), new_model, $window_hours, strftime(released_at, '%Y-%m-%d %H:%M UTC'), cohort),
       []::VARCHAR[]
  FROM best
 WHERE rank = 1 AND s > 0;
