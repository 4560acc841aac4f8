-- Ties from the accounts export, for accounts seen in the run's exchanges only.
INSERT INTO link_items
WITH seen AS (SELECT DISTINCT account_id FROM exchanges),
a AS (
  SELECT account_id,
         nullif(trim(payment_fingerprint), '') AS payment,
         lower(trim(coalesce(nullif(trim(email_domain), ''), nullif(split_part(email, '@', 2), '')))) AS domain,
         lower(trim(email)) AS email,
         coalesce(nullif(lower(trim(signup_channel)), ''), 'unknown') AS channel,
         created_at
    FROM accounts JOIN seen USING (account_id)
)
-- alice01@, alice.02@, qa.bench17@ share a stem and differ by a number: one hand numbering its
-- accounts, often across mail providers, so the domain is not part of the pattern. A four-digit
-- year (mei_1988@) is how people personalise an address, not a counter, and makes no pattern.
, n AS (
  SELECT account_id,
         regexp_extract(email, '^([^@]*[a-z])[._+-]?(\d+)@[^@]+$', 1) AS stem,
         regexp_extract(email, '^([^@]*[a-z])[._+-]?(\d+)@[^@]+$', 2) AS num
    FROM a
)
SELECT DISTINCT 'payment_fingerprint', payment, account_id, NULL FROM a WHERE payment IS NOT NULL
UNION ALL
SELECT DISTINCT 'email_domain', domain, account_id, NULL FROM a WHERE nullif(domain, '') IS NOT NULL
UNION ALL
SELECT DISTINCT 'email_stem', stem || '<n>@', account_id, NULL
  FROM n WHERE length(stem) >= 2 AND NOT regexp_full_match(num, '(19|20)\d\d');
-- Sign-ups through one channel in one hour, when that hour holds far more sign-ups than the
-- channel's rate around it (at least 3, and 5 times the hourly mean of the 3.5 days either side,
-- the hour itself left out, plus 2): a batch of accounts made together. Against the channel's
-- lifetime mean every hour of a busy fortnight (several operations and a crowd registering) was
-- a burst, and tied everyone who signed up in it. The burst itself is the tie, so its size does
-- not lower its weight.
INSERT INTO link_items
WITH seen AS (SELECT DISTINCT account_id FROM exchanges),
s AS (
  SELECT account_id, coalesce(nullif(lower(trim(signup_channel)), ''), 'unknown') AS channel,
         date_trunc('hour', created_at) AS hour
    FROM accounts JOIN seen USING (account_id)
   WHERE created_at IS NOT NULL
),
b AS (SELECT channel, hour, count(*) AS n FROM s GROUP BY channel, hour),
c AS (
  SELECT channel, hour, n,
         sum(n) OVER (PARTITION BY channel ORDER BY hour
                      RANGE BETWEEN INTERVAL 84 HOURS PRECEDING AND INTERVAL 84 HOURS FOLLOWING) - n AS around
    FROM b
)
SELECT DISTINCT 'signup_burst', c.n || ' ' || s.channel || ' sign-ups in the hour from ' || strftime(s.hour, '%Y-%m-%d %H:00'),
       s.account_id, NULL
  FROM s JOIN c USING (channel, hour)
 WHERE c.n >= 3 AND c.n >= 5.0 * c.around / 168.0 + 2;
