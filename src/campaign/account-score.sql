-- Behaviour of one account, from its signals: a noisy-OR, so several independent detectors
-- agreeing weigh more than one detector shouting. Signals below the floor are left out.
CREATE OR REPLACE TEMP TABLE campaign_account_scores AS
SELECT account_id,
       1 - exp(sum(ln(1 - $weight * least(greatest(strength, 0), 1)))) AS behaviour,
       count(*)::INTEGER AS detectors
  FROM signals
 WHERE strength >= $floor
 GROUP BY account_id;
