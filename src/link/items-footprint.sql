-- Footprints: two values of different families (a client fingerprint and a /24, a hosting ASN and
-- a numbered e-mail pattern) used by nearly the same accounts, at least $min_accounts of them.
-- Each value alone may be shared by too many accounts to weigh anything (a gateway's exit
-- network used by 900 accounts), but that the same accounts, and hardly any others, use both is
-- one operator's set-up: unrelated users of a popular SDK live on many networks. Only kinds with
-- small value sets per account take part (IP-hours and templates are too many to pair), and no
-- browser build (common beyond the export) nor hub.
INSERT INTO link_items
WITH v AS (
  SELECT i.kind, i.value, count(*) AS n
    FROM link_items i
   WHERE i.kind IN ('ip_subnet', 'asn', 'client_fingerprint', 'user_agent', 'system_prompt',
                    'payment_fingerprint', 'email_stem', 'email_domain')
   GROUP BY i.kind, i.value
  HAVING count(*) BETWEEN $min_accounts AND $hub
),
m AS (
  SELECT i.account_id, i.kind, i.value, v.n, k.family
    FROM link_items i
    JOIN v USING (kind, value)
    JOIN link_kinds k USING (kind)
    ANTI JOIN link_browser b USING (kind, value)
),
co AS (
  SELECT x.kind AS x_kind, x.value AS x_value, y.kind AS y_kind, y.value AS y_value
    FROM m x JOIN m y ON x.account_id = y.account_id AND x.family < y.family
   GROUP BY x.kind, x.value, y.kind, y.value
  HAVING count(*) >= $min_accounts AND count(*) >= $share * greatest(any_value(x.n), any_value(y.n))
)
SELECT DISTINCT 'footprint', co.x_kind || ' ' || co.x_value || ' with ' || co.y_kind || ' ' || co.y_value, x.account_id, NULL
  FROM co
  JOIN m x ON x.kind = co.x_kind AND x.value = co.x_value
  JOIN m y ON y.kind = co.y_kind AND y.value = co.y_value AND y.account_id = x.account_id;
