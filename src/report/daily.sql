-- Exchanges and active accounts per campaign per UTC day, counting only labelled exchanges.
SELECT l.campaign_id,
       strftime(date_trunc('day', e.ts), '%Y-%m-%d') AS day,
       count(*) AS exchanges,
       count(DISTINCT e.account_id) AS accounts
  FROM exchange_labels l
  JOIN exchanges e USING (request_id)
 GROUP BY ALL
 ORDER BY l.campaign_id, day
