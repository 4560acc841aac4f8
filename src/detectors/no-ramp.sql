-- Bought accounts are used at once: an account new in the data (sign-up, or else first exchange,
-- $new_after_days day(s) or more after the data starts) whose first $first_hours h already run at its later daily rate,
-- and whose daily rate is far above the norm of its plan (median of the plan's accounts, or of
-- everyone when the plan has fewer than $min_plan_accounts). Guard (a company migrating a known workload): such
-- a company is on a plan sized for it, so its rate is not far above its plan's norm.
INSERT INTO signals
WITH span AS (SELECT min(first_ts) AS start FROM account_features),
planned AS (
  SELECT f.*, coalesce(a.plan, 'unknown') AS plan, a.created_at
    FROM account_features f LEFT JOIN accounts a USING (account_id)
), norms AS (
  SELECT plan, median(exchanges_per_day) AS norm, count(*) AS accounts FROM planned GROUP BY plan
), everyone AS (SELECT median(exchanges_per_day) AS norm FROM account_features),
fresh AS (
  SELECT p.*, CASE WHEN n.accounts >= $min_plan_accounts THEN n.norm ELSE e.norm END AS norm
    FROM planned p JOIN norms n USING (plan), everyone e, span
   WHERE coalesce(p.created_at, p.first_ts) >= span.start + INTERVAL ($new_after_days) DAY AND p.active_days >= $min_days
), ramped AS (
  SELECT f.account_id, f.plan, f.norm, f.first_ts, f.exchanges_per_day,
         sum(h.exchanges) FILTER (WHERE h.hour < f.first_ts + INTERVAL ($first_hours) HOUR) AS first_day,
         sum(h.exchanges) FILTER (WHERE h.hour >= f.first_ts + INTERVAL ($first_hours) HOUR) AS later,
         count(DISTINCT date_trunc('day', h.hour)) FILTER (WHERE h.hour >= f.first_ts + INTERVAL ($first_hours) HOUR) AS later_days
    FROM fresh f JOIN account_hours h USING (account_id)
   GROUP BY ALL
), scored AS (
  SELECT *, later / nullif(later_days, 0) AS later_per_day,
         ramp(first_day / nullif(later / nullif(later_days, 0), 0), $first_from, $first_full) * ramp(exchanges_per_day / norm, $norm_from, $norm_full) AS s
    FROM ramped
)
SELECT account_id, $detector, s,
       format('new on {} (plan {}): {} exchanges in its first {} h, {}× its later daily rate, and {} per day, {}× the plan''s median of {}',
              strftime(first_ts, '%Y-%m-%d'), plan, num(first_day), $first_hours, round(first_day / later_per_day, 1),
              num(exchanges_per_day), round(exchanges_per_day / norm, 1), num(norm)),
       []::VARCHAR[]
  FROM scored
 WHERE s > 0;
