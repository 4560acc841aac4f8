-- Per account, its exchanges that are follow-up turns without tools (people replying to the
-- answers they got; an agent loop's turns carry tools), for the cohort guard (decision.ts).
-- Counted once here, so scoring units (twice when clusters are split) only sums accounts.
CREATE OR REPLACE TEMP TABLE campaign_account_talk AS
SELECT account_id,
       count(*) FILTER (WHERE coalesce(turn, 1) > 1 AND coalesce(tools, '') IN ('', '[]')) AS talks,
       count(*) AS exchanges
  FROM exchanges
 GROUP BY account_id;
