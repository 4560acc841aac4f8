-- Answer demand, exchange by exchange: a harvest needs many distinct, self-contained items
-- answered in full, whatever their topic. An exchange is a *demand item* when it opens no dialogue
-- (its conversation has no other exchange in the export, and it is a first turn) and it asks for,
-- or takes, a whole answer: max_tokens at the model's ceiling, or an answer at least $ratio times
-- as long as the prompt.
-- An export without token counts or max_tokens has no demand items: the test cannot be made.
CREATE OR REPLACE TEMP TABLE campaign_exchange_demand AS
WITH ceilings AS (
  SELECT model, max(max_tokens) AS ceiling FROM exchanges WHERE max_tokens IS NOT NULL GROUP BY model
), conversations AS (
  SELECT account_id, conversation_id, count(*) AS n FROM exchanges WHERE conversation_id IS NOT NULL GROUP BY ALL
)
SELECT e.request_id, e.account_id,
       coalesce(cv.n, 1) = 1 AND coalesce(e.turn, 1) <= 1
         AND (coalesce(e.max_tokens >= 0.95 * c.ceiling, false)
              OR coalesce(e.output_tokens >= $ratio * greatest(e.input_tokens, 1), false)) AS demand
  FROM exchanges e
  LEFT JOIN ceilings c USING (model)
  LEFT JOIN conversations cv USING (account_id, conversation_id);

-- The typical account's share of demand items (median over accounts with 10 or more exchanges):
-- people ask short questions and get long answers too, so only demand beyond it counts.
CREATE OR REPLACE TEMP TABLE campaign_typical_demand AS
SELECT coalesce(median(share), 0) AS share
  FROM (SELECT account_id, avg(demand::INTEGER) AS share FROM campaign_exchange_demand GROUP BY account_id HAVING count(*) >= 10);
