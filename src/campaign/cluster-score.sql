-- What each cluster's accounts do together: size, mean behaviour, share of their traffic in
-- templates several of them use (coordination), elicitation and capability focus.
CREATE OR REPLACE TEMP TABLE campaign_cluster_features AS
WITH members AS (
  SELECT c.account_id, c.cluster_id
    FROM clusters c
   WHERE c.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
), traffic AS (
  SELECT m.cluster_id, f.account_id, f.template_id, f.capability,
         coalesce(len(f.elicitation), 0) > 0 AS elicits
    FROM exchange_features f JOIN members m USING (account_id)
), template_reach AS (
  SELECT cluster_id, template_id, count(DISTINCT account_id) AS reach
    FROM traffic WHERE template_id IS NOT NULL GROUP BY ALL
), per_cluster AS (
  SELECT t.cluster_id,
         count(*) AS exchanges,
         avg(CASE WHEN r.reach >= 2 THEN 1 ELSE 0 END) AS coordinated,
         avg(CASE WHEN t.elicits THEN 1 ELSE 0 END) AS elicitation
    FROM traffic t LEFT JOIN template_reach r USING (cluster_id, template_id)
   GROUP BY t.cluster_id
), focus AS (
  SELECT cluster_id, capability, count(*) AS n,
         row_number() OVER (PARTITION BY cluster_id ORDER BY count(*) DESC, capability) AS rank
    FROM traffic GROUP BY cluster_id, capability
)
SELECT m.cluster_id,
       count(*)::INTEGER AS accounts,
       coalesce(any_value(p.exchanges), 0)::BIGINT AS exchanges,
       avg(coalesce(s.behaviour, 0)) AS behaviour,
       avg(CASE WHEN coalesce(s.behaviour, 0) >= $caught THEN 1 ELSE 0 END) AS caught,
       coalesce(any_value(p.coordinated), 0) AS coordinated,
       coalesce(any_value(p.elicitation), 0) AS elicitation,
       coalesce(any_value(fo.n) / nullif(any_value(p.exchanges), 0), 0) AS focus,
       any_value(fo.capability) AS top_capability
  FROM members m
  LEFT JOIN campaign_account_scores s USING (account_id)
  LEFT JOIN per_cluster p USING (cluster_id)
  LEFT JOIN focus fo ON fo.cluster_id = m.cluster_id AND fo.rank = 1
 GROUP BY m.cluster_id
 ORDER BY m.cluster_id;
