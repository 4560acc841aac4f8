-- Operators replace burned accounts: an account registered, or first active, within $window_hours h
-- after a ban that carries a banned account's client fingerprint, user agent, /24 (or /48)
-- or payment fingerprint. Guard: a value counts only when it is rare (held by at most $rare_share of
-- accounts, or $rare_accounts): a popular SDK's user agent or a carrier NAT block ties nobody to a ban.
INSERT INTO signals
WITH ban AS (
  SELECT account_id, min(banned_at) AS banned_at FROM (
    SELECT account_id, "at" AS banned_at FROM enforcement
     WHERE "at" IS NOT NULL AND (action IS NULL OR regexp_matches(action, '(?i)ban|suspend|terminat|block|disable'))
    UNION ALL
    SELECT account_id, banned_at FROM accounts WHERE banned_at IS NOT NULL
  ) GROUP BY account_id
), pop AS (SELECT count(*) AS accounts FROM account_features),
valued AS (
  SELECT account_id, kind, value FROM account_values
  UNION ALL
  SELECT account_id, 'payment_fingerprint', payment_fingerprint FROM accounts WHERE payment_fingerprint IS NOT NULL
), rare AS (
  SELECT v.account_id, v.kind, v.value
    FROM valued v JOIN (SELECT kind, value, count(DISTINCT account_id) AS holders FROM valued GROUP BY ALL) u USING (kind, value), pop
   WHERE u.holders <= greatest($rare_accounts, $rare_share * pop.accounts)
), newcomers AS (
  -- Both a sign-up and a first exchange can follow a ban: fresh registrations, and standby
  -- accounts registered long before and woken up to replace the banned ones.
  SELECT f.account_id, a.created_at AS born, 'registered' AS how
    FROM account_features f JOIN accounts a USING (account_id)
   WHERE a.created_at IS NOT NULL AND f.account_id NOT IN (SELECT account_id FROM ban)
  UNION ALL
  SELECT f.account_id, f.first_ts, 'first active'
    FROM account_features f
   WHERE f.account_id NOT IN (SELECT account_id FROM ban)
), candidates AS (
  -- only accounts born inside some ban's window go on to the value join, and only the
  -- banned accounts' values are joined: the join stays linear in the data
  SELECT n.account_id, n.born, n.how
    FROM newcomers n
   WHERE EXISTS (SELECT 1 FROM ban b WHERE n.born >= b.banned_at AND n.born < b.banned_at + INTERVAL ($window_hours) HOUR)
), banned_values AS (
  SELECT r.kind, r.value, b.account_id AS banned, b.banned_at FROM rare r JOIN ban b USING (account_id)
), matches AS (
  SELECT c.account_id, c.born, c.how, nv.kind, nv.value, bv.banned, bv.banned_at
    FROM candidates c
    JOIN rare nv USING (account_id)
    JOIN banned_values bv ON bv.kind = nv.kind AND bv.value = nv.value
   WHERE c.born >= bv.banned_at AND c.born < bv.banned_at + INTERVAL ($window_hours) HOUR
), per_account AS (
  SELECT account_id,
         count(DISTINCT kind) + count(DISTINCT kind) FILTER (WHERE kind = 'payment_fingerprint') AS kinds,
         count(DISTINCT banned) AS banned_accounts,
         min(banned_at) AS first_ban, min(born) AS born, arg_min(how, epoch_us(born) * 2 + (how <> 'registered')::INTEGER) AS how,
         string_agg(DISTINCT replace(kind, '_', ' ') || ' ' || value, ', ' ORDER BY replace(kind, '_', ' ') || ' ' || value) AS shared
    FROM matches GROUP BY account_id
)
SELECT account_id, $detector, ramp(kinds, 0, $full_kinds),
       format('{} {} h after the ban of {} account(s) (first ban {}) and shares with them: {}',
              how, round(epoch(born - first_ban) / 3600, 1), banned_accounts, strftime(first_ban, '%Y-%m-%d %H:%M UTC'), shared),
       []::VARCHAR[]
  FROM per_account;
