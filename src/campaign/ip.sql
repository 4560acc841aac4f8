-- IP addresses as bit strings ('0101…', 32 bits for IPv4, 128 for IPv6), so a CIDR test is a
-- prefix comparison. DuckDB's inet extension is not built in, hence plain string work.
-- Malformed addresses give NULL and match nothing. IPv4 written inside IPv6 (::ffff:a.b.c.d) is
-- not expanded.
CREATE OR REPLACE TEMP MACRO ip_octets_ok(parts) AS (
  len(parts) = 4 AND len(list_filter(parts, o -> NOT regexp_full_match(o, '[0-9]{1,3}') OR o::INTEGER > 255)) = 0
);
CREATE OR REPLACE TEMP MACRO ipv4_bits(a) AS (
  CASE WHEN ip_octets_ok(string_split(a, '.'))
       THEN list_reduce(list_transform(string_split(a, '.'), o -> lpad(bin(o::INTEGER), 8, '0')), (x, y) -> x || y)
  END
);
CREATE OR REPLACE TEMP MACRO ipv6_side(s) AS (
  CASE WHEN s = '' THEN []::VARCHAR[] ELSE string_split(s, ':') END
);
CREATE OR REPLACE TEMP MACRO ipv6_join(g) AS (
  CASE WHEN len(g) = 8 AND len(list_filter(g, x -> NOT regexp_full_match(x, '[0-9a-f]{1,4}'))) = 0
       THEN list_reduce(list_transform(g, x -> lpad(bin(('0x' || x)::INTEGER), 16, '0')), (x, y) -> x || y)
  END
);
CREATE OR REPLACE TEMP MACRO ipv6_expand(head, tail) AS (
  CASE WHEN len(head) + len(tail) <= 7
       THEN list_concat(head, list_transform(range(8 - len(head) - len(tail)), i -> '0'), tail)
  END
);
CREATE OR REPLACE TEMP MACRO ipv6_bits(a) AS (
  CASE WHEN NOT regexp_full_match(a, '[0-9a-f:]+') THEN NULL
       WHEN contains(a, '::')
         THEN ipv6_join(ipv6_expand(ipv6_side(split_part(a, '::', 1)), ipv6_side(split_part(a, '::', 2))))
       ELSE ipv6_join(string_split(a, ':'))
  END
);
CREATE OR REPLACE TEMP MACRO ip_bits(addr) AS (
  CASE WHEN addr IS NULL THEN NULL
       WHEN contains(addr, ':') THEN ipv6_bits(lower(split_part(trim(addr), '%', 1)))
       ELSE ipv4_bits(trim(addr))
  END
);
-- An address inside a network written as CIDR ("10.0.0.0/8", "2001:db8::/32"; no "/" = one host).
CREATE OR REPLACE TEMP MACRO ip_in_cidr(addr, cidr) AS (
  coalesce(
    len(ip_bits(addr)) = len(ip_bits(split_part(cidr, '/', 1)))
    AND coalesce(TRY_CAST(nullif(split_part(cidr, '/', 2), '') AS INTEGER), len(ip_bits(split_part(cidr, '/', 1))))
        BETWEEN 0 AND len(ip_bits(addr))
    AND left(ip_bits(addr), coalesce(TRY_CAST(nullif(split_part(cidr, '/', 2), '') AS INTEGER), len(ip_bits(addr))))
      = left(ip_bits(split_part(cidr, '/', 1)), coalesce(TRY_CAST(nullif(split_part(cidr, '/', 2), '') AS INTEGER), len(ip_bits(addr)))),
    false)
);
-- The same test as an equality, so that a long CIDR list is a hash join instead of a test of
-- every address against every network (20,000 allowlist CIDRs took 320 s that way): a network's
-- key is its family's length and its prefix bits; an address has one key per prefix length.
CREATE OR REPLACE TEMP MACRO cidr_key(cidr) AS (
  CASE WHEN coalesce(TRY_CAST(nullif(split_part(cidr, '/', 2), '') AS INTEGER), len(ip_bits(split_part(cidr, '/', 1))))
            BETWEEN 0 AND len(ip_bits(split_part(cidr, '/', 1)))
       THEN len(ip_bits(split_part(cidr, '/', 1)))::VARCHAR || ':'
            || left(ip_bits(split_part(cidr, '/', 1)), coalesce(TRY_CAST(nullif(split_part(cidr, '/', 2), '') AS INTEGER), len(ip_bits(split_part(cidr, '/', 1)))))
  END
);
CREATE OR REPLACE TEMP MACRO ip_keys(bits) AS (
  list_transform(range(len(bits) + 1), p -> len(bits)::VARCHAR || ':' || left(bits, p::INTEGER))
);
