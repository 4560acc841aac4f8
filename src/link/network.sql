-- IPv4 addresses fall into their /24, IPv6 into their /64: the block one operator usually holds.
-- IPv4-mapped IPv6 (::ffff:198.51.100.7) is treated as the IPv4 address it carries.
CREATE OR REPLACE TEMP MACRO link_v6_left(ip) AS
  list_filter(string_split(split_part(ip, '::', 1), ':'), h -> h <> '');
CREATE OR REPLACE TEMP MACRO link_v6_right(ip) AS
  CASE WHEN contains(ip, '::') THEN list_filter(string_split(split_part(ip, '::', 2), ':'), h -> h <> '')
       ELSE []::VARCHAR[] END;
CREATE OR REPLACE TEMP MACRO link_v6_groups(ip) AS
  list_concat(link_v6_left(ip),
              list_transform(range(greatest(0, 8 - len(link_v6_left(ip)) - len(link_v6_right(ip)))), z -> '0'),
              link_v6_right(ip));
CREATE OR REPLACE TEMP MACRO link_network(ip) AS
  CASE
    WHEN ip IS NULL THEN NULL
    WHEN regexp_full_match(ip, '(\d{1,3}\.){3}\d{1,3}') THEN regexp_extract(ip, '^(\d+\.\d+\.\d+)\.', 1) || '.0/24'
    WHEN regexp_full_match(ip, '[0-9a-f:]*:(\d{1,3}\.){3}\d{1,3}') THEN regexp_extract(ip, '(\d+\.\d+\.\d+)\.\d+$', 1) || '.0/24'
    WHEN regexp_full_match(ip, '[0-9a-f:]+') AND contains(ip, ':') AND len(link_v6_groups(ip)) = 8 THEN
      array_to_string(list_transform(link_v6_groups(ip)[1:4], h -> coalesce(nullif(ltrim(h, '0'), ''), '0')), ':') || '::/64'
    ELSE NULL
  END;
-- The address as written, without an IPv6 zone and in one case.
CREATE OR REPLACE TEMP MACRO link_ip(raw) AS nullif(lower(trim(split_part(raw, '%', 1))), '');
-- A web browser's user agent: "Mozilla/5.0 (" then the platform, as every current browser sends.
CREATE OR REPLACE TEMP MACRO link_is_browser(ua) AS coalesce(starts_with(trim(ua), 'Mozilla/5.0 ('), false);
