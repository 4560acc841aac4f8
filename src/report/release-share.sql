-- Share of traffic on each newly released model, in buckets aligned on its release, from three
-- days before to four days after (the disclosed pivot happened within 24 h), per campaign and for
-- all exchanges outside campaigns (group NULL) as the baseline.
WITH labelled AS (
  SELECT e.ts, e.model, l.campaign_id AS grp
    FROM exchanges e
    LEFT JOIN exchange_labels l USING (request_id)
)
SELECT r.model,
       strftime(r.released_at, '%Y-%m-%dT%H:%M:%SZ') AS released_at,
       x.grp AS "group",
       strftime(time_bucket(to_hours($hours::BIGINT), x.ts, r.released_at), '%Y-%m-%dT%H:%M:%SZ') AS bucket,
       count(*) AS exchanges,
       count(*) FILTER (WHERE x.model = r.model) AS on_model
  FROM model_releases r
  JOIN labelled x
    ON x.ts >= r.released_at - INTERVAL 72 HOUR
   AND x.ts < r.released_at + INTERVAL 96 HOUR
 WHERE r.released_at IS NOT NULL
 GROUP BY ALL
 ORDER BY r.model, released_at, "group" NULLS LAST, bucket
