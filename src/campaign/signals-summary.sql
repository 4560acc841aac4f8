-- What a campaign's report section quotes: each behaviour detector over the campaign's accounts
-- (mean strength, how many it fires on, the strongest account's own words) and its focus; and,
-- where the decision leaned on it, the pooled evidence no single account carries: a hydra of
-- freshly opened accounts ('fresh-accounts', strength = their share); and, for a campaign formed
-- by an exclusive-client unit (decision.ts, value-units.sql), the client its accounts run
-- ('exclusive-client', strength = the share of its accounts running it as their main client):
-- such a campaign has no cluster, so the report's ties would otherwise say nothing of what holds it.
INSERT INTO campaign_signals
WITH members AS (
  SELECT campaign_id, account_id FROM campaign_accounts
), sized AS (
  SELECT campaign_id, count(*) AS accounts FROM members GROUP BY campaign_id
), fired AS (
  SELECT m.campaign_id, s.detector, s.account_id, s.strength, s.detail
    FROM members m JOIN signals s USING (account_id) WHERE s.strength >= $floor
), per_detector AS (
  SELECT campaign_id, detector, count(DISTINCT account_id) AS firing, sum(strength) AS total,
         arg_max(detail, (strength, account_id)) AS example
    FROM fired GROUP BY ALL
  UNION ALL
  SELECT m.campaign_id, 'fresh-accounts', count(*) FILTER (WHERE f.fresh), count(*) FILTER (WHERE f.fresh),
         format('opened within {:d} days before its first request', $fresh_days::INTEGER)
    FROM members m JOIN campaign_account_fresh f USING (account_id)
   GROUP BY m.campaign_id
  HAVING count(*) >= $fresh_accounts AND count(*) FILTER (WHERE f.fresh) >= $fresh_share * count(*)
  UNION ALL
  SELECT campaign_id, 'exclusive-client', firing, firing,
         format('runs client fingerprint "{}" as its main client; {:d} account(s) outside the campaign do', left(value, 80), outside)
    FROM (SELECT m.campaign_id, cm.value, count(*) AS firing,
                 any_value((SELECT count(*) FROM campaign_client_mains o WHERE o.value = cm.value
                              AND o.account_id NOT IN (SELECT account_id FROM members x WHERE x.campaign_id = m.campaign_id))) AS outside
            FROM members m JOIN campaign_client_mains cm USING (account_id)
           WHERE cm.exclusive
             AND m.campaign_id IN (SELECT c.campaign_id FROM campaigns c
                                    WHERE list_has_any(c.clusters, (SELECT coalesce(list(cluster_id), []::VARCHAR[]) FROM campaign_value_kept)))
           GROUP BY m.campaign_id, cm.value
          QUALIFY row_number() OVER (PARTITION BY m.campaign_id ORDER BY count(*) DESC, cm.value) = 1)
)
SELECT p.campaign_id, p.detector, round(p.total / z.accounts, 3) AS strength,
       format('fires on {:d} of {:d} accounts; strongest: {}', p.firing, z.accounts, p.example) AS detail,
       (row_number() OVER (PARTITION BY p.campaign_id ORDER BY p.total / z.accounts DESC, p.detector) - 1)::INTEGER
  FROM per_detector p JOIN sized z USING (campaign_id)
 ORDER BY p.campaign_id, 5;
