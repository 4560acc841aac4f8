-- Exchanges and tokens per active day against the population, as a robust z-score on the log
-- scale (median and MAD): usage is heavy-tailed, so mean and standard deviation would let a few
-- giants hide everyone else. The spread is floored at $min_spread (0.7: a factor of 2) so an oddly uniform
-- population does not turn modest differences into huge z-scores. Capped at $cap: heavy genuine users exist, so volume alone never
-- makes a strong signal; it only adds to others.
INSERT INTO signals
WITH pop AS (
  SELECT median(ln(exchanges_per_day)) AS m_x, median(ln(greatest(tokens_per_day, 1))) AS m_t
    FROM account_features
), spread AS (
  SELECT greatest(1.4826 * median(abs(ln(exchanges_per_day) - m_x)), $min_spread) AS s_x,
         greatest(1.4826 * median(abs(ln(greatest(tokens_per_day, 1)) - m_t)), $min_spread) AS s_t
    FROM account_features, pop
), scored AS (
  SELECT a.account_id, a.exchanges, a.active_days, a.exchanges_per_day, a.tokens_per_day, exp(m_x) AS median_per_day,
         (ln(a.exchanges_per_day) - m_x) / s_x AS z_x,
         (ln(greatest(a.tokens_per_day, 1)) - m_t) / s_t AS z_t
    FROM account_features a, pop, spread
)
SELECT account_id, $detector, $cap * ramp(greatest(z_x, z_t), $z_from, $z_full),
       format('{} exchanges per active day over {} day(s), {}× the population median of {} (robust z {} on log scale)',
              num(exchanges_per_day), active_days, round(exchanges_per_day / median_per_day, 1), num(median_per_day),
              round(greatest(z_x, z_t), 1)),
       []::VARCHAR[]
  FROM scored
 WHERE ramp(greatest(z_x, z_t), $z_from, $z_full) > 0 AND active_days >= 1;
