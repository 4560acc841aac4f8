-- What a partner could match a campaign on: its networks (IPv4 /24, IPv6 /64), autonomous
-- systems, user agents, client fingerprints and the e-mail domains of its accounts. A value is
-- kept only when it is the campaign's own: at least $min_accounts of its accounts use it and at
-- least $min_specificity of all exchanges (or, for e-mail domains, accounts) carrying it in the
-- export are the campaign's, so a partner matching on it does not match the population.
-- Needs network.sql (link_network). Parameters: $min_accounts, $min_specificity.
WITH x AS (
  SELECT e.request_id, e.account_id, e.ts, l.campaign_id,
         link_network(link_ip(e.ip)) AS cidr,
         CASE WHEN regexp_full_match(trim(e.asn), '(?i)(AS)?[0-9]{1,10}')
              THEN 'AS' || (regexp_replace(trim(e.asn), '^(?i:as)', '')::UBIGINT)::VARCHAR END AS asn,
         nullif(e.user_agent, '') AS user_agent,
         nullif(e.client_fingerprint, '') AS client_fingerprint
    FROM exchanges e LEFT JOIN exchange_labels l USING (request_id)
), v AS (
  SELECT 'cidr' AS kind, cidr AS value, request_id, account_id, ts, campaign_id FROM x WHERE cidr IS NOT NULL
  UNION ALL SELECT 'asn', asn, request_id, account_id, ts, campaign_id FROM x WHERE asn IS NOT NULL
  UNION ALL SELECT 'user_agent', user_agent, request_id, account_id, ts, campaign_id FROM x WHERE user_agent IS NOT NULL
  UNION ALL SELECT 'client_fingerprint', client_fingerprint, request_id, account_id, ts, campaign_id FROM x WHERE client_fingerprint IS NOT NULL
), everywhere AS (
  SELECT kind, value, count(DISTINCT request_id) AS all_exchanges FROM v GROUP BY ALL
), traffic AS (
  SELECT v.campaign_id, v.kind, v.value,
         count(DISTINCT v.account_id)::BIGINT AS accounts, count(DISTINCT v.request_id)::BIGINT AS exchanges,
         (count(DISTINCT v.request_id) / any_value(a.all_exchanges))::DOUBLE AS specificity,
         min(v.ts) AS first_seen, max(v.ts) AS last_seen
    FROM v JOIN everywhere a USING (kind, value)
   WHERE v.campaign_id IS NOT NULL
   GROUP BY ALL
), domains AS (
  SELECT account_id, lower(any_value(email_domain)) AS domain FROM accounts WHERE nullif(email_domain, '') IS NOT NULL GROUP BY account_id
), domain_all AS (
  SELECT domain, count(*) AS all_accounts FROM domains GROUP BY ALL
), signup AS (
  SELECT ca.campaign_id, 'email_domain' AS kind, d.domain AS value,
         count(DISTINCT ca.account_id)::BIGINT AS accounts,
         sum(ca.exchanges)::BIGINT AS exchanges,
         (count(DISTINCT ca.account_id) / any_value(t.all_accounts))::DOUBLE AS specificity,
         NULL::TIMESTAMP AS first_seen, NULL::TIMESTAMP AS last_seen
    FROM campaign_accounts ca JOIN domains d USING (account_id) JOIN domain_all t USING (domain)
   GROUP BY ALL
)
SELECT campaign_id, kind, value, accounts, exchanges, round(specificity, 3) AS specificity,
       strftime(first_seen, '%Y-%m-%dT%H:%M:%SZ') AS first_seen, strftime(last_seen, '%Y-%m-%dT%H:%M:%SZ') AS last_seen
  FROM (SELECT * FROM traffic UNION ALL SELECT * FROM signup)
 WHERE accounts >= $min_accounts AND specificity >= $min_specificity
 ORDER BY campaign_id, kind, exchanges DESC, accounts DESC, value
