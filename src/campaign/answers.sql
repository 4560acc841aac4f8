-- What each account's answers are worth to a harvester, from the exchanges themselves (token
-- counts and max_tokens are optional columns; an export without them leaves the ratio or the
-- ceiling share NULL, which the decision reads as "not known", not as "worthless").
-- The ceiling is the highest max_tokens seen for the model, as the features stage defines it.
CREATE OR REPLACE TEMP TABLE campaign_account_answers AS
WITH ceilings AS (
  SELECT model, max(max_tokens) AS ceiling FROM exchanges WHERE max_tokens IS NOT NULL GROUP BY model
)
SELECT e.account_id, count(*) AS exchanges,
       sum(e.input_tokens) FILTER (WHERE e.input_tokens IS NOT NULL AND e.output_tokens IS NOT NULL) AS input_tokens,
       sum(e.output_tokens) FILTER (WHERE e.input_tokens IS NOT NULL AND e.output_tokens IS NOT NULL) AS output_tokens,
       count(*) FILTER (WHERE e.max_tokens IS NOT NULL) AS with_max_tokens,
       count(*) FILTER (WHERE e.max_tokens IS NOT NULL AND e.max_tokens >= 0.95 * c.ceiling) AS at_ceiling
  FROM exchanges e LEFT JOIN ceilings c USING (model)
 GROUP BY e.account_id;
