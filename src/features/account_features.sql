-- Per-account, per-hour, per-day and per-value aggregates: everything the account detectors read.
-- Built from `exchanges` and `exchange_features` once; detectors never rescan raw exchanges.

-- Rows stay narrow and window functions run on their own narrow projections below: a window
-- over wide rows makes DuckDB sort every column once per window.
CREATE OR REPLACE TEMP TABLE feature_rows AS
SELECT e.account_id, e.ts, e.api_key_id, e.ip, e.user_agent, e.client_fingerprint, e.asn, e.country, e.model,
       e.conversation_id, e.turn,
       coalesce(e.input_tokens, 0) AS input_tokens, coalesce(e.output_tokens, 0) AS output_tokens, e.max_tokens,
       f.template_id, f.frame_id, f.capability, f.elicitation,
       -- /24 for IPv4, /48 for IPv6: the block an operator rents together
       CASE WHEN e.ip LIKE '%:%' THEN array_to_string(string_split(e.ip, ':')[1:3], ':') || '::/48'
            WHEN e.ip IS NOT NULL THEN regexp_extract(e.ip, '^(\d+\.\d+\.\d+)\.', 1) || '.0/24' END AS subnet
  FROM exchanges e JOIN exchange_features f USING (request_id);

-- Inter-arrival gaps per account (ties in ts give a 0 s gap whatever their order).
CREATE OR REPLACE TEMP TABLE account_gaps AS
SELECT account_id, median(gap_s) AS gap_median_s, stddev_pop(gap_s) / nullif(avg(gap_s), 0) AS gap_cv
  FROM (SELECT account_id, epoch(ts) - epoch(lag(ts) OVER (PARTITION BY account_id ORDER BY ts)) AS gap_s FROM feature_rows)
 GROUP BY account_id;

-- Conversations: a one-turn exchange is not a later turn and alone in its conversation; the pace
-- of a dialogue (people take a minute or more per turn, agent loops seconds) is the median gap
-- between consecutive turns.
CREATE OR REPLACE TEMP TABLE account_conversations AS
WITH threads AS (
  SELECT account_id, conversation_id, count(*) AS n, max(coalesce(turn, 1)) AS max_turn
    FROM feature_rows WHERE conversation_id IS NOT NULL GROUP BY ALL
), pace AS (
  SELECT account_id, median(epoch(ts) - epoch(prev)) AS turn_gap_median_s
    FROM (SELECT account_id, ts, lag(ts) OVER (PARTITION BY account_id, conversation_id ORDER BY ts) AS prev
            FROM feature_rows WHERE conversation_id IS NOT NULL)
   GROUP BY account_id
), loose AS (
  SELECT account_id, count(*) FILTER (WHERE coalesce(turn, 1) <= 1) AS single
    FROM feature_rows WHERE conversation_id IS NULL GROUP BY account_id
), single AS (
  SELECT account_id, count(*) FILTER (WHERE n = 1 AND max_turn <= 1) AS single FROM threads GROUP BY account_id
)
SELECT account_id, coalesce(l.single, 0) + coalesce(s.single, 0) AS single_turn, p.turn_gap_median_s
  FROM (SELECT DISTINCT account_id FROM feature_rows) a
  LEFT JOIN loose l USING (account_id) LEFT JOIN single s USING (account_id) LEFT JOIN pace p USING (account_id);

CREATE OR REPLACE TABLE model_ceilings AS
SELECT model, max(max_tokens) AS ceiling FROM feature_rows WHERE max_tokens IS NOT NULL GROUP BY model;

CREATE OR REPLACE TABLE account_hours AS
SELECT account_id, date_trunc('hour', ts) AS hour, count(*) AS exchanges,
       sum(input_tokens + output_tokens) AS tokens
  FROM feature_rows GROUP BY ALL;

CREATE OR REPLACE TABLE account_days AS
SELECT account_id, date_trunc('day', ts)::DATE AS day, count(*) AS exchanges,
       sum(input_tokens + output_tokens) AS tokens,
       count(DISTINCT ip) AS ips, count(DISTINCT subnet) AS subnets, count(DISTINCT asn) AS asns,
       count(DISTINCT user_agent) AS user_agents, count(DISTINCT country) AS countries,
       count(DISTINCT date_part('hour', ts)) AS active_hours
  FROM feature_rows GROUP BY ALL;

CREATE OR REPLACE TABLE key_days AS
SELECT api_key_id, account_id, date_trunc('day', ts)::DATE AS day, count(*) AS exchanges,
       count(DISTINCT ip) AS ips, count(DISTINCT asn) AS asns,
       count(DISTINCT user_agent) AS user_agents, count(DISTINCT country) AS countries
  FROM feature_rows WHERE api_key_id IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE account_templates AS
SELECT account_id, template_id, count(*) AS exchanges
  FROM feature_rows WHERE template_id IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE account_frames AS
SELECT account_id, frame_id, count(*) AS exchanges
  FROM feature_rows WHERE frame_id IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE account_rules AS
SELECT account_id, rule_id, count(*) AS exchanges
  FROM (SELECT account_id, unnest(elicitation) AS rule_id FROM feature_rows) GROUP BY ALL;

CREATE OR REPLACE TABLE account_capabilities AS
SELECT account_id, capability, count(*) AS exchanges FROM feature_rows GROUP BY ALL;

CREATE OR REPLACE TABLE account_model_hours AS
SELECT account_id, model, date_trunc('hour', ts) AS hour, count(*) AS exchanges
  FROM feature_rows WHERE model IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE account_values AS
SELECT account_id, kind, value, count(*) AS exchanges FROM (
  SELECT account_id, 'client_fingerprint' AS kind, client_fingerprint AS value FROM feature_rows WHERE client_fingerprint IS NOT NULL
  UNION ALL SELECT account_id, 'user_agent', user_agent FROM feature_rows WHERE user_agent IS NOT NULL
  UNION ALL SELECT account_id, 'subnet', subnet FROM feature_rows WHERE subnet IS NOT NULL
) GROUP BY ALL;

CREATE OR REPLACE TABLE account_features AS
WITH base AS (
  SELECT r.account_id,
         count(*) AS exchanges,
         min(r.ts) AS first_ts, max(r.ts) AS last_ts,
         sum(r.input_tokens) AS input_tokens, sum(r.output_tokens) AS output_tokens,
         count(r.template_id) AS prompts,
         count(*) FILTER (WHERE len(r.elicitation) > 0) AS elicited,
         count(r.max_tokens) AS with_max_tokens,
         count(*) FILTER (WHERE r.max_tokens >= 0.95 * c.ceiling) AS at_ceiling,
         count(DISTINCT r.ip) AS ips, count(DISTINCT r.subnet) AS subnets, count(DISTINCT r.asn) AS asns,
         count(DISTINCT r.user_agent) AS user_agents, count(DISTINCT r.country) AS countries,
         count(DISTINCT r.api_key_id) AS keys
    FROM feature_rows r LEFT JOIN model_ceilings c USING (model)
   GROUP BY r.account_id
), days AS (
  SELECT account_id, count(*) AS active_days, sum(active_hours) AS active_hours,
         count(*) FILTER (WHERE active_hours >= 20) AS round_clock_days
    FROM account_days GROUP BY account_id
), hod AS (
  SELECT account_id, -sum(p * ln(p)) / ln(24) AS hour_entropy, count(*) AS hours_of_day
    FROM (SELECT account_id, h, n / sum(n) OVER (PARTITION BY account_id) AS p
            FROM (SELECT account_id, date_part('hour', hour) AS h, sum(exchanges) AS n FROM account_hours GROUP BY ALL))
   GROUP BY account_id
), tpl AS (
  SELECT account_id, count(*) AS templates,
         sum(exchanges) FILTER (WHERE rank <= 3) AS top3_template_exchanges
    FROM (SELECT account_id, exchanges,
                 row_number() OVER (PARTITION BY account_id ORDER BY exchanges DESC, template_id) AS rank
            FROM account_templates)
   GROUP BY account_id
), cap AS (
  -- the top capability by exchanges, ties to the first name in alphabetical order
  SELECT account_id,
         min(capability) FILTER (WHERE rank = 1) AS top_capability,
         max(exchanges) AS top_capability_exchanges,
         -sum(exchanges / total * ln(exchanges / total)) AS capability_entropy,
         coalesce(sum(exchanges) FILTER (WHERE focus_rank <= 2 AND capability <> 'general'), 0) AS top2_focus_exchanges,
         string_agg(capability, ' and ' ORDER BY focus_rank) FILTER (WHERE focus_rank <= 2 AND capability <> 'general') AS top2_focus
    FROM (SELECT *, sum(exchanges) OVER (PARTITION BY account_id) AS total,
                 row_number() OVER (PARTITION BY account_id ORDER BY exchanges DESC, capability) AS rank,
                 row_number() OVER (PARTITION BY account_id ORDER BY capability = 'general', exchanges DESC, capability) AS focus_rank
            FROM account_capabilities)
   GROUP BY account_id
)
SELECT b.*, c2.single_turn / b.exchanges AS single_turn_share, g.gap_median_s, g.gap_cv, c2.turn_gap_median_s,
       d.active_days, d.active_hours, d.round_clock_days,
       b.exchanges / d.active_days AS exchanges_per_day,
       (b.input_tokens + b.output_tokens) / d.active_days AS tokens_per_day,
       h.hour_entropy, h.hours_of_day,
       coalesce(t.templates, 0) AS templates, coalesce(t.top3_template_exchanges, 0) AS top3_template_exchanges,
       c.top_capability, c.top_capability_exchanges, c.capability_entropy, c.top2_focus_exchanges, c.top2_focus
  FROM base b JOIN days d USING (account_id) JOIN hod h USING (account_id)
  JOIN account_gaps g USING (account_id) JOIN account_conversations c2 USING (account_id)
  LEFT JOIN tpl t USING (account_id) LEFT JOIN cap c USING (account_id)
 ORDER BY b.account_id;

DROP TABLE feature_rows;
DROP TABLE account_gaps;
DROP TABLE account_conversations;
