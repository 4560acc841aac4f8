-- The exchanges counted for each campaign: those the trait model judged the campaign's, with one
-- correction — a conversation is one customer's. Every turn of a conversation on an account takes
-- the judgement of its first turn in the export: an operator that wraps its harvest in follow-up
-- turns written to read like a person's ("why does step 2 follow?") keeps them, and an honest
-- customer's conversation on a hydra account stays whole on the genuine side. Exchanges without a
-- conversation id keep their own judgement.
CREATE OR REPLACE TEMP TABLE campaign_exchange_keys AS
WITH judged AS (
  SELECT s.request_id, s.account_id, s.campaign_key, k.cell IS NOT NULL AS kept,
         e.conversation_id, e.turn, e.ts
    FROM separation_exchanges s
    JOIN exchanges e ON e.request_id = s.request_id
    LEFT JOIN separation_kept k ON k.account_id = s.account_id AND k.cell = s.cell AND k.campaign_key = s.campaign_key
   WHERE s.campaign_key IS NOT NULL
), decided AS (
  SELECT request_id, campaign_key,
         CASE WHEN conversation_id IS NULL THEN kept
              ELSE first_value(kept) OVER (PARTITION BY account_id, conversation_id
                                           ORDER BY turn NULLS LAST, ts, request_id) END AS counted
    FROM judged
)
SELECT request_id, campaign_key FROM decided WHERE counted;
