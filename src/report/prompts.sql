-- The most repeated prompt templates of each campaign, each with its earliest example.
WITH labelled AS (
  SELECT l.campaign_id, f.template_id, f.account_id, f.ts, f.request_id, p.prompt
    FROM exchange_labels l
    JOIN exchange_features f USING (request_id)
    JOIN exchange_prompts p USING (request_id)
   WHERE p.prompt IS NOT NULL
), templates AS (
  SELECT campaign_id, template_id,
         count(*) AS exchanges,
         count(DISTINCT account_id) AS accounts,
         left(arg_min(prompt, (ts, request_id)), 600) AS example
    FROM labelled
   GROUP BY ALL
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY campaign_id ORDER BY exchanges DESC, template_id) AS rank
    FROM templates
)
SELECT campaign_id, coalesce(template_id, '') AS template, exchanges, accounts, example
  FROM ranked
 WHERE rank <= $limit
 ORDER BY campaign_id, rank
