-- What each unit's accounts do together (a unit is a cluster, or a part of one split along its
-- infrastructure): size, mean behaviour, breadth (detectors firing on at least $breadth_share of
-- its accounts), share of their traffic in templates several of them use (coordination),
-- elicitation, share in a specific capability (not general chat) and capability focus; what its
-- answers are worth (output/input tokens, share of requests at the ceiling beyond what the typical
-- account shows: an SDK default there means nothing; the typical account's output/input), detectors
-- of account churn, fresh accounts, and how much of its traffic converses (follow-up turns without
-- tools: people answering answers). What each detector counts as (extraction, churn) is its declared
-- role, in `detector_roles`.
CREATE OR REPLACE TEMP TABLE campaign_cluster_features AS
WITH members AS (
  SELECT c.account_id, c.cluster_id
    FROM campaign_units c
   WHERE c.account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
), traffic AS (
  SELECT m.cluster_id, f.account_id, f.template_id, f.capability,
         coalesce(len(f.elicitation), 0) > 0 AS elicits
    FROM exchange_features f JOIN members m USING (account_id)
), template_reach AS (
  SELECT cluster_id, template_id, count(DISTINCT account_id) AS reach
    FROM traffic WHERE template_id IS NOT NULL GROUP BY ALL
), per_cluster AS (
  SELECT t.cluster_id,
         count(*) AS exchanges,
         avg(CASE WHEN r.reach >= 2 THEN 1 ELSE 0 END) AS coordinated,
         avg(CASE WHEN t.elicits THEN 1 ELSE 0 END) AS elicitation,
         avg(CASE WHEN coalesce(t.capability, 'general') NOT IN ('general', 'none') THEN 1 ELSE 0 END) AS specialised
    FROM traffic t LEFT JOIN template_reach r USING (cluster_id, template_id)
   GROUP BY t.cluster_id
), volume AS (
  SELECT cluster_id, median(n) AS median_exchanges
    FROM (SELECT cluster_id, account_id, count(*) AS n FROM traffic GROUP BY ALL) GROUP BY cluster_id
), sizes AS (
  SELECT cluster_id, count(*) AS size FROM members GROUP BY cluster_id
), firing AS (
  SELECT m.cluster_id, s.detector, count(DISTINCT s.account_id) AS n
    FROM signals s JOIN members m USING (account_id) WHERE s.strength >= $floor GROUP BY ALL
), breadth AS (
  SELECT f.cluster_id, count(*) FILTER (WHERE f.n >= $breadth_share * z.size)::INTEGER AS breadth,
         count(*) FILTER (WHERE f.n >= $breadth_share * z.size AND coalesce(r.extraction, false))::INTEGER AS extraction,
         count(*) FILTER (WHERE f.n >= $breadth_share * z.size AND coalesce(r.churn, false))::INTEGER AS churn
    FROM firing f JOIN sizes z USING (cluster_id) LEFT JOIN detector_roles r USING (detector) GROUP BY f.cluster_id
), answers AS (
  SELECT m.cluster_id,
         sum(a.output_tokens) / nullif(sum(a.input_tokens), 0) AS answer_ratio,
         sum(a.at_ceiling) / nullif(sum(a.with_max_tokens), 0) AS ceiling_share,
         avg(CASE WHEN coalesce(fr.fresh, false) THEN 1 ELSE 0 END) AS fresh
    FROM members m
    LEFT JOIN campaign_account_answers a USING (account_id)
    LEFT JOIN campaign_account_fresh fr USING (account_id)
   GROUP BY m.cluster_id
), typical AS (
  SELECT coalesce(median(at_ceiling / with_max_tokens), 0) AS share FROM campaign_account_answers WHERE with_max_tokens > 0
), typical_ratio AS (
  -- The typical account's answers over its prompts (median over accounts with 10 or more exchanges).
  SELECT median(output_tokens / input_tokens) AS ratio FROM campaign_account_answers WHERE input_tokens > 0 AND exchanges >= 10
), demand AS (
  -- Answer demand beyond the typical account's (demand.sql). Repeated items do not lower it: a
  -- harvest sends one item to several models or temperatures, and its item pool is finite.
  SELECT m.cluster_id,
         greatest(avg(d.demand::INTEGER) - any_value(td.share), 0) / nullif(1 - any_value(td.share), 0) AS demand
    FROM members m JOIN campaign_exchange_demand d USING (account_id) CROSS JOIN campaign_typical_demand td
   GROUP BY m.cluster_id
), talk AS (
  -- conversing.sql: follow-up turns without tools, per account.
  SELECT m.cluster_id, sum(t.talks) / nullif(sum(t.exchanges), 0) AS conversing
    FROM members m JOIN campaign_account_talk t USING (account_id) GROUP BY m.cluster_id
), focus AS (
  SELECT cluster_id, capability, count(*) AS n,
         row_number() OVER (PARTITION BY cluster_id ORDER BY count(*) DESC, capability) AS rank
    FROM traffic GROUP BY cluster_id, capability
)
SELECT m.cluster_id,
       count(*)::INTEGER AS accounts,
       coalesce(any_value(p.exchanges), 0)::BIGINT AS exchanges,
       avg(coalesce(s.behaviour, 0)) AS behaviour,
       avg(CASE WHEN coalesce(s.behaviour, 0) >= $caught THEN 1 ELSE 0 END) AS caught,
       coalesce(any_value(p.coordinated), 0) AS coordinated,
       coalesce(any_value(p.elicitation), 0) AS elicitation,
       coalesce(any_value(p.specialised), 0) AS specialised,
       coalesce(any_value(fo.n) / nullif(any_value(p.exchanges), 0), 0) AS focus,
       any_value(fo.capability) AS top_capability,
       coalesce(any_value(br.breadth), 0)::INTEGER AS breadth,
       coalesce(any_value(br.extraction), 0)::INTEGER AS extraction,
       coalesce(any_value(v.median_exchanges), 0)::DOUBLE AS median_exchanges,
       any_value(an.answer_ratio)::DOUBLE AS answer_ratio,
       CASE WHEN any_value(an.ceiling_share) IS NOT NULL
            THEN greatest(any_value(an.ceiling_share) - any_value(ty.share), 0) / nullif(1 - any_value(ty.share), 0) END::DOUBLE AS ceiling,
       coalesce(any_value(br.churn), 0)::INTEGER AS churn,
       coalesce(any_value(an.fresh), 0)::DOUBLE AS fresh,
       coalesce(any_value(dm.demand), 0)::DOUBLE AS demand,
       any_value(tr.ratio)::DOUBLE AS typical_answer_ratio,
       coalesce(any_value(tk.conversing), 0)::DOUBLE AS conversing
  FROM members m
  CROSS JOIN typical ty
  CROSS JOIN typical_ratio tr
  LEFT JOIN answers an USING (cluster_id)
  LEFT JOIN campaign_account_scores s USING (account_id)
  LEFT JOIN per_cluster p USING (cluster_id)
  LEFT JOIN breadth br USING (cluster_id)
  LEFT JOIN volume v USING (cluster_id)
  LEFT JOIN demand dm USING (cluster_id)
  LEFT JOIN talk tk USING (cluster_id)
  LEFT JOIN focus fo ON fo.cluster_id = m.cluster_id AND fo.rank = 1
 GROUP BY m.cluster_id
 ORDER BY m.cluster_id;
