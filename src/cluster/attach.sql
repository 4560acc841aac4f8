-- Accounts reached from a cluster's own addresses (EvilCohort's communities of accounts behind a
-- common set of IPs): an address is a cluster's own when at least two of its members and at least
-- $owned of all the accounts using it are members. An account outside the cluster whose addresses
-- (at least $min_ips) are mostly ($share) the cluster's own joins it: a proxy pool's standby
-- accounts and thin accounts share too little pairwise for a tie, but nothing else leaves from
-- those addresses. Each address counts once, whatever the hours (link_items' IP-hour values).
WITH ai AS (
  SELECT DISTINCT account_id, split_part(value, ' at ', 1) AS ip FROM link_items WHERE kind = 'ip_window'
),
sized AS (SELECT cluster_id FROM clusters GROUP BY cluster_id HAVING count(*) >= $min_members),
users AS (SELECT ip, count(*) AS n FROM ai GROUP BY ip),
own AS (
  SELECT ai.ip, c.cluster_id
    FROM ai JOIN clusters c USING (account_id) JOIN sized USING (cluster_id) JOIN users USING (ip)
   GROUP BY ai.ip, c.cluster_id
  HAVING count(*) >= 2 AND count(*) >= $owned * any_value(users.n)
),
per AS (
  SELECT ai.account_id, own.cluster_id, count(*) AS owned
    FROM ai JOIN own USING (ip) GROUP BY ai.account_id, own.cluster_id
),
mine AS (SELECT account_id, count(*) AS ips FROM ai GROUP BY account_id),
lead AS (SELECT cluster_id, min(account_id) AS member FROM clusters GROUP BY cluster_id)
SELECT per.account_id, lead.member
  FROM per
  JOIN mine USING (account_id)
  JOIN lead USING (cluster_id)
  LEFT JOIN clusters c ON c.account_id = per.account_id
 WHERE mine.ips >= $min_ips AND per.owned >= $share * mine.ips
   AND (c.cluster_id IS NULL OR c.cluster_id <> per.cluster_id)
-- One cluster per account (the one owning most of its addresses): one account never bridges two.
QUALIFY row_number() OVER (PARTITION BY per.account_id ORDER BY per.owned DESC, lead.member) = 1
 ORDER BY per.account_id, lead.member;
