-- The accounts of each candidate campaign: the members of its clusters, less the allowlisted.
CREATE OR REPLACE TEMP TABLE campaign_members AS
SELECT DISTINCT g.campaign_key, c.account_id
  FROM campaign_groups g JOIN campaign_units c USING (cluster_id)
 WHERE c.account_id NOT IN (SELECT account_id FROM allowlisted_accounts);
