-- One row per (kind, value, account): what each account was seen using in the run's exchanges.
-- IP windows are hours, as in SynchroTrap: an IP that two accounts use in the same hour is a far
-- stronger tie than one they used months apart (addresses are reassigned).
CREATE OR REPLACE TABLE link_items AS
WITH x AS (
  SELECT account_id, link_ip(ip) AS ip, ts, asn, client_fingerprint, user_agent, system_prompt
    FROM exchanges
   WHERE account_id IS NOT NULL
)
SELECT DISTINCT 'ip_window' AS kind,
       ip || ' at ' || strftime(date_trunc('hour', ts), '%Y-%m-%d %H:00') AS value,
       account_id, NULL::VARCHAR AS label
  FROM x WHERE ip IS NOT NULL AND ts IS NOT NULL
UNION ALL
SELECT DISTINCT 'ip_subnet', link_network(ip), account_id, NULL FROM x WHERE link_network(ip) IS NOT NULL
UNION ALL
SELECT DISTINCT 'asn', upper(trim(asn)), account_id, NULL FROM x WHERE nullif(trim(asn), '') IS NOT NULL
UNION ALL
SELECT DISTINCT 'client_fingerprint', trim(client_fingerprint), account_id, NULL
  FROM x WHERE nullif(trim(client_fingerprint), '') IS NOT NULL
UNION ALL
-- Long user agents are cut: past 256 characters nothing useful tells two clients apart.
SELECT DISTINCT 'user_agent', left(trim(user_agent), 256), account_id, NULL
  FROM x WHERE nullif(trim(user_agent), '') IS NOT NULL
UNION ALL
SELECT DISTINCT 'system_prompt', 'sha256:' || left(sha256(system_prompt), 16), account_id,
       left(regexp_replace(system_prompt, '\s+', ' ', 'g'), 80)
  FROM x WHERE nullif(trim(system_prompt), '') IS NOT NULL;
