-- The accounts of each candidate campaign: the members of its units, plus satellites — accounts
-- the clustering left alone or in a fragment too small to judge, whose own behaviour is caught
-- and which share the campaign's infrastructure (its cards, gateway, client, numbered addresses)
-- with two of its members, or strongly with one. The allowlisted never join.
CREATE OR REPLACE TEMP TABLE campaign_members AS
WITH core AS (
  SELECT DISTINCT g.campaign_key, c.account_id
    FROM campaign_groups g JOIN campaign_units c USING (cluster_id)
), candidates AS (
  SELECT s.account_id FROM campaign_account_scores s
   WHERE s.behaviour >= $caught
     AND s.account_id NOT IN (SELECT account_id FROM core)
     AND s.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
), incident AS (
  SELECT e.a AS account_id, e.b AS other, e.kind, e.weight FROM edges e
  UNION ALL
  SELECT e.b, e.a, e.kind, e.weight FROM edges e
), ties AS (
  SELECT x.account_id, k.campaign_key, count(DISTINCT k.account_id) AS members, max(i.weight) AS strongest
    FROM candidates x
    JOIN incident i USING (account_id)
    JOIN core k ON k.account_id = i.other
   WHERE list_contains($kinds, i.kind)
   GROUP BY ALL
), satellites AS (
  SELECT campaign_key, account_id FROM ties
   WHERE members >= 2 OR strongest >= $min_weight
  QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY members DESC, strongest DESC, campaign_key) = 1
)
SELECT campaign_key, account_id FROM core
UNION ALL
SELECT campaign_key, account_id FROM satellites;
