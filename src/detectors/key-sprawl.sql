-- One account or key used from many networks and agents on the same day: shared pools behind
-- resellers. Guard (mobile users roaming): they change IP and even ASN, but keep one or two
-- user agents in one country, so the network spread is multiplied by the agent/country spread.
INSERT INTO signals
WITH per_day AS (
  SELECT account_id, 'account' AS holder, account_id AS holder_id, day, ips, asns, user_agents, countries FROM account_days
  UNION ALL
  SELECT account_id, 'key', api_key_id, day, ips, asns, user_agents, countries FROM key_days
), scored AS (
  SELECT *, greatest(ramp(asns, $asns_from, $asns_full), ramp(ips, $ips_from, $ips_full))
            * greatest(ramp(user_agents, $agents_from, $agents_full), ramp(countries, $countries_from, $countries_full)) AS s
    FROM per_day
), best AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY s DESC, day, holder DESC, holder_id) AS rank,
           count(DISTINCT day) FILTER (WHERE s > 0) OVER (PARTITION BY account_id) AS sprawl_days
      FROM scored)
   WHERE rank = 1
)
SELECT account_id, $detector, s,
       format('on {} {} was used from {} IPs in {} ASNs and {} countries with {} user agents ({} day(s) like this)',
              strftime(day, '%Y-%m-%d'), CASE WHEN holder = 'key' THEN 'key ' || holder_id ELSE 'the account' END,
              ips, asns, countries, user_agents, sprawl_days),
       []::VARCHAR[]
  FROM best
 WHERE s > 0;
