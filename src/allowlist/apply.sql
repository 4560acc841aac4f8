-- Accounts the allowlist vouches for: named directly or by organisation, or carrying at least
-- $share of their traffic from an allowlisted network or client. The share, not "any exchange",
-- keeps one borrowed user agent from whitewashing a whole account.
CREATE OR REPLACE TABLE allowlisted_accounts AS
WITH traffic AS (
  SELECT account_id, count(*) AS n FROM exchanges GROUP BY account_id
), nets AS (
  SELECT cidr_key(value) AS k, ordinal FROM allowlist WHERE type = 'cidr'
), ips AS (
  SELECT DISTINCT x.ip, n.ordinal
    FROM (SELECT ip, unnest(ip_keys(ip_bits(ip))) AS k
            FROM (SELECT DISTINCT ip FROM exchanges WHERE ip IS NOT NULL AND EXISTS (SELECT 1 FROM nets))) x
    JOIN nets n USING (k)
), agents AS (
  SELECT DISTINCT x.user_agent, w.ordinal
    FROM (SELECT DISTINCT user_agent FROM exchanges WHERE user_agent IS NOT NULL) x
    JOIN allowlist w ON w.type = 'user_agent'
     AND CASE WHEN starts_with(w.value, 're:') THEN regexp_matches(x.user_agent, substr(w.value, 4)) ELSE x.user_agent = w.value END
), by_traffic AS (
  SELECT e.account_id, m.ordinal, count(*) AS hits
    FROM exchanges e JOIN ips m ON e.ip = m.ip GROUP BY ALL
  UNION ALL
  SELECT e.account_id, m.ordinal, count(*) AS hits
    FROM exchanges e JOIN agents m ON e.user_agent = m.user_agent GROUP BY ALL
), matched AS (
  SELECT t.account_id, w.ordinal FROM traffic t JOIN allowlist w ON w.type = 'account_id' AND t.account_id = w.value
  UNION ALL
  SELECT t.account_id, w.ordinal FROM traffic t JOIN accounts a USING (account_id)
    JOIN allowlist w ON w.type = 'org_name' AND lower(trim(a.org_name)) = lower(w.value)
  UNION ALL
  SELECT b.account_id, b.ordinal FROM by_traffic b JOIN traffic t USING (account_id) WHERE b.hits >= $share * t.n
), first_entry AS (
  SELECT account_id, min(ordinal) AS ordinal FROM matched GROUP BY account_id
)
SELECT f.account_id, w.type, w.value, w.reason, t.n AS exchanges
  FROM first_entry f JOIN allowlist w USING (ordinal) JOIN traffic t USING (account_id)
 ORDER BY f.account_id;
