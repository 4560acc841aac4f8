-- A browser's user agent and TLS fingerprint are shared by everyone on that browser build, far
-- beyond this export: their rarity inside it (four users of one Chrome release among 800
-- accounts) overstates what sharing them says. Values that mostly come with a browser's user
-- agent are marked here; values.sql weighs them as common. Custom clients (an operator's
-- scripts, a gateway's TLS stack) keep their rarity.
CREATE OR REPLACE TEMP TABLE link_browser AS
SELECT 'client_fingerprint' AS kind, trim(client_fingerprint) AS value
  FROM exchanges
 WHERE nullif(trim(client_fingerprint), '') IS NOT NULL
 GROUP BY 2
HAVING avg(CASE WHEN link_is_browser(user_agent) THEN 1.0 ELSE 0.0 END) >= 0.5
UNION ALL
SELECT DISTINCT kind, value FROM link_items WHERE kind = 'user_agent' AND link_is_browser(value);
