-- Harvesting wants long answers and no dialogue: one-turn conversations, outputs many times
-- longer than inputs, max_tokens at the model's ceiling (the highest value seen for the model).
-- Each of the three counts a third (agentic harvesting is multi-turn but still asks for the
-- ceiling). At least $min_exchanges exchanges. Guard: where the typical account
-- also sits at the ceiling (an SDK default), the ceiling part is discounted by that much.
INSERT INTO signals
WITH typical AS (
  SELECT coalesce(median(at_ceiling / with_max_tokens), 0) AS typical_ceiling_share FROM account_features WHERE with_max_tokens > 0
), scored AS (
  SELECT account_id, exchanges, single_turn_share,
         output_tokens / nullif(input_tokens, 0) AS ratio,
         at_ceiling / nullif(with_max_tokens, 0) AS ceiling_share
    FROM account_features
   WHERE exchanges >= $min_exchanges
), strength AS (
  SELECT scored.*, (ramp(single_turn_share, $one_turn_from, $one_turn_full) + ramp(coalesce(ratio, 0), $ratio_from, $ratio_full) + ramp(coalesce(ceiling_share, 0), $ceiling_from, $ceiling_full) * (1 - typical_ceiling_share)) / 3 AS s
    FROM scored, typical
)
SELECT account_id, $detector, s,
       format('{} of {} exchanges are single-turn; output/input tokens {}; {} request max_tokens at the model''s ceiling',
              pct(single_turn_share), num(exchanges), coalesce(round(ratio, 1)::VARCHAR, 'n/a'),
              coalesce(pct(ceiling_share), 'none')),
       []::VARCHAR[]
  FROM strength
 WHERE s > 0;
