-- The accounts of each candidate campaign: the members of its units, plus satellites — accounts
-- the clustering left alone or in a fragment too small to judge, which share the campaign's
-- infrastructure (its cards, gateway, client, numbered addresses) and either
--   * behave as caught on their own, tied to two of its members or strongly to one (a card, an
--     address in the same hours), through more than a numbered e-mail pattern (a name and a
--     number, `lismith<n>@`, is shared by people: on medium seed 1 with every tactic on, an honest
--     templating power user shared one with three of the hydra's aged accounts); or
--   * run the campaign's own prompt set — most of their exchanges in templates that the
--     campaign's accounts, more than anyone else, send — tied to several of its members, one of
--     them strongly. This is pooled evidence for accounts whose own traffic is too thin for
--     account-level detectors (a sampled export keeps a few exchanges of each): one shared
--     address is chance, the campaign's own templates from the campaign's own addresses are not.
--   * are held by the campaign as firmly as one strong tie (`held`): for each family of evidence
--     (network, client, content, billing, sign-up, timing, footprint) the account's strongest tie
--     to one of its accounts, combined as a noisy-OR, reaches $held — with two of its accounts, or
--     one by near proof ($near_proof: a card). A hydra account without a card of the campaign's,
--     or too light for any detector, still shares its system prompt and its network with it. The
--     rarity guard is in the weights: a carrier or office NAT address, a popular SDK, a webmail
--     domain shared with thousands weighs next to nothing, so honest neighbours stay far below.
-- A client fingerprint or e-mail stem ties only when it is the campaign's own (`own_values`). The
-- allowlisted never join.
CREATE OR REPLACE TEMP TABLE campaign_members AS
WITH core AS (
  SELECT DISTINCT g.campaign_key, c.account_id
    FROM campaign_groups g JOIN campaign_units c USING (cluster_id)
), incident AS (
  SELECT e.a AS account_id, e.b AS other, e.kind, e.weight FROM edges e
  UNION ALL
  SELECT e.b, e.a, e.kind, e.weight FROM edges e
), own_values AS (
  -- Client fingerprints and numbered e-mail stems the campaign's accounts, more than anyone else,
  -- use: its own TLS stack, its own naming scheme. A popular SDK's fingerprint (which a blending
  -- operator copies and busy honest programs show) or a name-and-number two people happen to
  -- share ties nothing.
  SELECT o.campaign_key, o.kind, o.value
    FROM (SELECT k.campaign_key, i.kind, i.value, count(DISTINCT i.account_id) AS members
            FROM link_items i JOIN core k USING (account_id)
           WHERE i.kind IN ('client_fingerprint', 'email_stem') GROUP BY k.campaign_key, i.kind, i.value) o
    JOIN (SELECT kind, value, count(DISTINCT account_id) AS users FROM link_items
           WHERE kind IN ('client_fingerprint', 'email_stem') GROUP BY kind, value) u USING (kind, value)
   WHERE o.members >= 2 AND o.members >= $specificity * u.users
), value_users AS (
  SELECT DISTINCT i.account_id, i.kind, o.campaign_key FROM link_items i JOIN own_values o USING (kind, value)
), ties AS (
  SELECT i.account_id, k.campaign_key, count(DISTINCT k.account_id) AS members, max(i.weight) AS strongest,
         count(*) FILTER (WHERE i.kind <> 'email_stem') > 0 AS beyond_signup,
         coalesce(any_value(s.behaviour), 0) >= $caught AS caught
    FROM incident i
    JOIN core k ON k.account_id = i.other
    LEFT JOIN campaign_account_scores s ON s.account_id = i.account_id
   WHERE list_contains($kinds, i.kind)
     AND (i.kind NOT IN ('client_fingerprint', 'email_stem')
          OR EXISTS (SELECT 1 FROM value_users u WHERE u.account_id = i.account_id AND u.kind = i.kind AND u.campaign_key = k.campaign_key))
     AND i.account_id NOT IN (SELECT account_id FROM core)
     AND i.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
   GROUP BY i.account_id, k.campaign_key
), held_ties AS (
  -- Families combine across kinds as in the cluster stage (strength.sql); a value that is no
  -- campaign's own (a popular SDK's fingerprint, a name-and-number stem) is left out as above.
  -- A kind never weighs more than its base (kinds.ts): a hosting ASN stays a hint.
  SELECT i.account_id, k.campaign_key, k.account_id AS member,
         least(i.weight, list_extract($bases, list_position($family_kinds, i.kind))::DOUBLE) AS weight,
         list_extract($families, list_position($family_kinds, i.kind)) AS family
    FROM incident i JOIN core k ON k.account_id = i.other
   WHERE i.account_id NOT IN (SELECT account_id FROM core)
     AND i.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
     AND list_contains($family_kinds, i.kind)
     AND (i.kind NOT IN ('client_fingerprint', 'email_stem')
          OR EXISTS (SELECT 1 FROM value_users u WHERE u.account_id = i.account_id AND u.kind = i.kind AND u.campaign_key = k.campaign_key))
), held AS (
  SELECT account_id, campaign_key, 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) AS hold, max(weight) AS strongest
    FROM (SELECT account_id, campaign_key, family, max(weight) AS weight FROM held_ties GROUP BY ALL)
   GROUP BY account_id, campaign_key
), tied_members AS (
  SELECT account_id, campaign_key, count(DISTINCT member) AS members FROM held_ties GROUP BY ALL
), own_templates AS (
  -- Templates two or more of a campaign's accounts send and that it sends more than everyone
  -- else together: a popular chat opener reused by a hydra's honest customers is not its own.
  SELECT k.campaign_key, f.template_id, count(DISTINCT f.account_id) AS members
    FROM exchange_features f JOIN core k USING (account_id)
   WHERE f.template_id IS NOT NULL
   GROUP BY ALL HAVING count(DISTINCT f.account_id) >= 2
), specific AS (
  SELECT o.campaign_key, o.template_id FROM own_templates o
    JOIN (SELECT template_id, count(DISTINCT account_id) AS users FROM exchange_features
           WHERE template_id IN (SELECT template_id FROM own_templates) GROUP BY template_id) u USING (template_id)
   WHERE o.members >= $specificity * u.users
), prompt_set AS (
  SELECT t.account_id, t.campaign_key, avg((s.template_id IS NOT NULL)::INTEGER) AS share
    FROM ties t
    JOIN exchange_features f ON f.account_id = t.account_id
    LEFT JOIN specific s ON s.campaign_key = t.campaign_key AND s.template_id = f.template_id
   WHERE NOT t.caught AND t.members >= $content_members AND t.strongest >= $min_weight
   GROUP BY ALL
), firmly_held AS (
  SELECT h.account_id, h.campaign_key, h.hold
    FROM held h JOIN tied_members m USING (account_id, campaign_key)
   WHERE h.hold >= $held AND (m.members >= 2 OR h.strongest >= $near_proof)
), satellites AS (
  SELECT coalesce(t.campaign_key, f.campaign_key) AS campaign_key, coalesce(t.account_id, f.account_id) AS account_id
    FROM ties t
    FULL JOIN firmly_held f USING (account_id, campaign_key)
    LEFT JOIN prompt_set p ON p.account_id = t.account_id AND p.campaign_key = t.campaign_key
   WHERE (t.caught AND t.beyond_signup AND (t.members >= 2 OR t.strongest >= $single_weight))
      OR coalesce(p.share, 0) >= $content_share
      OR f.hold IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY coalesce(t.account_id, f.account_id)
                             ORDER BY coalesce(t.caught, false) DESC, coalesce(f.hold, 0) DESC, coalesce(t.members, 0) DESC,
                                      coalesce(t.strongest, 0) DESC, coalesce(t.campaign_key, f.campaign_key)) = 1
)
SELECT campaign_key, account_id FROM core
UNION ALL
SELECT campaign_key, account_id FROM satellites;
