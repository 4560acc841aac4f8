-- Share of prompts that ask for reasoning traces, grades or "safe" rewrites, weighted by each
-- rule's weight from the packs. Guard (tutors and students asking "explain step by step"):
-- that rule weighs 0.2, so even an account that always asks for steps stays weak; the strong
-- signal needs the rules that are rare in honest use (reconstructed reasoning, fake debug
-- mode, rubric grading) on a large share of the account's prompts. At least $min_prompts prompts.
INSERT INTO signals
WITH weighted AS (
  SELECT r.account_id, sum(r.exchanges * p.weight) AS weight_sum,
         list(r.rule_id ORDER BY r.exchanges DESC, r.rule_id) AS rules,
         string_agg(format('{} {}', r.rule_id, num(r.exchanges)), ', ' ORDER BY r.exchanges DESC, r.rule_id) AS counts
    FROM account_rules r JOIN rule_patterns p ON p.id = r.rule_id
   GROUP BY r.account_id
), scored AS (
  SELECT a.account_id, a.exchanges, a.elicited, least(1.0, w.weight_sum / a.exchanges) AS weighted_share, w.rules, w.counts
    FROM account_features a JOIN weighted w USING (account_id)
   WHERE a.exchanges >= $min_prompts
)
SELECT account_id, $detector, ramp(weighted_share, $share_from, $share_full),
       format('{} of {} prompts ask for reasoning, grades or rewrites ({})', pct(elicited / exchanges), num(exchanges), counts),
       rules
  FROM scored
 WHERE ramp(weighted_share, $share_from, $share_full) > 0;
