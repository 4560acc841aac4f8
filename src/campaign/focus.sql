-- The capabilities a campaign's own exchanges are about, as shares (5 % and up).
INSERT INTO campaign_focus
SELECT campaign_id, capability, round(n / sum(n) OVER (PARTITION BY campaign_id), 3) AS share
  FROM (SELECT l.campaign_id, coalesce(f.capability, 'general') AS capability, count(*) AS n
          FROM exchange_labels l JOIN exchange_features f USING (request_id) GROUP BY ALL)
 QUALIFY share >= 0.05
 ORDER BY campaign_id, share DESC, capability;
