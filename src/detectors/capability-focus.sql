-- Campaigns target one capability: most traffic in coding, agentic tool use, computer use,
-- vision, math or reasoning, with low entropy across capabilities ('general' never counts).
-- Guard (single-purpose products): a product's users hold conversations, so an account whose
-- traffic is mostly multi-turn keeps only a third of the strength. At least 30 exchanges.
INSERT INTO signals
WITH scored AS (
  SELECT account_id, exchanges, top_capability, top_capability_exchanges / exchanges AS share,
         capability_entropy, single_turn_share
    FROM account_features
   WHERE exchanges >= 30 AND top_capability <> 'general'
)
SELECT account_id, $detector,
       ramp(share, 0.6, 0.95) * ramp(1.5 - capability_entropy, 0.3, 1.3) * CASE WHEN single_turn_share < 0.5 THEN 0.33 ELSE 1 END,
       format('{} of {} exchanges are {} (capability entropy {} nats); {} are single-turn',
              pct(share), num(exchanges), replace(top_capability, '_', ' '), round(abs(capability_entropy), 2), pct(single_turn_share)),
       (SELECT list(id ORDER BY id) FROM rule_patterns WHERE kind = 'capability' AND capability = scored.top_capability)
  FROM scored
 WHERE ramp(share, 0.6, 0.95) * ramp(1.5 - capability_entropy, 0.3, 1.3) > 0;
