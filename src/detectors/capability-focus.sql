-- Campaigns target narrow capabilities: most traffic in one or two of coding, agentic tool use,
-- computer use, vision, math, reasoning ('general' never counts); low entropy across
-- capabilities adds. Guard (single-purpose products): a product's users hold conversations at
-- human pace (a median of $human_gap_s s or more between turns), so such an account keeps a third of the
-- strength; agent loops, which answer tool results within seconds, do not get that discount.
-- At least $min_exchanges exchanges.
INSERT INTO signals
WITH scored AS (
  SELECT account_id, exchanges, top2_focus, top2_focus_exchanges / exchanges AS share,
         capability_entropy, turn_gap_median_s,
         coalesce(turn_gap_median_s, 0) >= $human_gap_s AS human_paced
    FROM account_features
   WHERE exchanges >= $min_exchanges AND top2_focus_exchanges > 0
), strength AS (
  SELECT *, ramp(share, $share_from, $share_full) * (1 - $entropy_weight + $entropy_weight * ramp($entropy_from - capability_entropy, 0, $entropy_from - $entropy_full))
            * CASE WHEN human_paced THEN $human_factor ELSE 1 END AS s
    FROM scored
)
SELECT account_id, $detector, s,
       format('{} of {} exchanges are {} (capability entropy {} nats){}',
              pct(share), num(exchanges), replace(top2_focus, '_', ' '), round(abs(capability_entropy), 2),
              CASE WHEN human_paced THEN format('; conversations at human pace ({} s per turn)', round(turn_gap_median_s)::BIGINT) ELSE '' END),
       (SELECT list(id ORDER BY id) FROM rule_patterns
         WHERE kind = 'capability' AND list_contains(string_split(strength.top2_focus, ' and '), capability))
  FROM strength
 WHERE s > 0;
