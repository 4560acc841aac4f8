-- Which of the campaign's accounts and exchanges each indicator covers (the campaigns, or the
-- decision's candidate units, are given as `attribution_scope(request_id, campaign_id)`). Network, client and
-- content indicators are tested on the campaign's own exchanges (a reseller's genuine traffic is
-- no evidence); billing and identity indicators on its accounts. `re:` values are regexes.
CREATE OR REPLACE TEMP TABLE attribution_hits AS
WITH ind AS (
  SELECT actor, type, value, ordinal,
         starts_with(value, 're:') AS is_re,
         CASE WHEN starts_with(value, 're:') THEN substr(value, 4) ELSE value END AS pattern
    FROM indicators
), facts AS (
  SELECT l.campaign_id, e.request_id, e.account_id, e.ip, e.asn, e.user_agent, e.client_fingerprint
    FROM attribution_scope l JOIN exchanges e USING (request_id)
), cidrs AS (
  SELECT cidr_key(pattern) AS k, actor, ordinal FROM ind WHERE type = 'cidr'
), nets AS (
  SELECT DISTINCT f.ip, c.actor, c.ordinal
    FROM (SELECT ip, unnest(ip_keys(ip_bits(ip))) AS k
            FROM (SELECT DISTINCT ip FROM facts WHERE ip IS NOT NULL AND EXISTS (SELECT 1 FROM cidrs))) f
    JOIN cidrs c USING (k)
), agents AS (
  SELECT DISTINCT f.user_agent, i.actor, i.ordinal
    FROM (SELECT DISTINCT user_agent FROM facts WHERE user_agent IS NOT NULL) f
    JOIN ind i ON i.type = 'user_agent'
     AND CASE WHEN i.is_re THEN regexp_matches(f.user_agent, i.pattern) ELSE f.user_agent = i.pattern END
), owners AS (
  SELECT account_id, any_value(lower(email_domain)) AS email_domain, any_value(payment_fingerprint) AS payment_fingerprint
    FROM accounts GROUP BY account_id
), held AS (
  SELECT DISTINCT ca.account_id, i.actor, i.ordinal
    FROM (SELECT DISTINCT account_id FROM facts) ca
    LEFT JOIN owners o USING (account_id)
    JOIN ind i ON (i.type = 'account_id' AND ca.account_id = i.value)
               OR (i.type = 'email_domain' AND (o.email_domain = lower(i.value) OR ends_with(o.email_domain, '.' || lower(i.value))))
               OR (i.type = 'payment_fingerprint' AND o.payment_fingerprint = i.value)
               -- A partner's salted hash ("sha256:" + SHA-256 of salt, NUL, value; src/share/ids.ts),
               -- compared with the salt agreed out of band (bound as a parameter, NULL when none was given).
               OR (starts_with(i.value, 'sha256:') AND i.value = 'sha256:' || sha256($partner_salt || chr(0) ||
                     CASE i.type WHEN 'account_id' THEN ca.account_id WHEN 'payment_fingerprint' THEN o.payment_fingerprint END))
)
SELECT f.campaign_id, n.actor, n.ordinal, f.request_id, f.account_id FROM facts f JOIN nets n USING (ip)
UNION ALL
SELECT f.campaign_id, a.actor, a.ordinal, f.request_id, f.account_id FROM facts f JOIN agents a USING (user_agent)
UNION ALL
SELECT f.campaign_id, h.actor, h.ordinal, f.request_id, f.account_id FROM facts f JOIN held h USING (account_id)
UNION ALL
SELECT f.campaign_id, i.actor, i.ordinal, f.request_id, f.account_id
  FROM facts f JOIN ind i ON i.type = 'client_fingerprint' AND f.client_fingerprint = i.value
UNION ALL
SELECT f.campaign_id, i.actor, i.ordinal, f.request_id, f.account_id
  FROM facts f JOIN ind i ON i.type = 'asn'
   AND upper(regexp_replace(trim(f.asn), '^(?i:as)', '')) = upper(regexp_replace(trim(i.value), '^(?i:as)', ''));
-- Prompt indicators are added by attribute.ts, one query each with the pattern bound.
