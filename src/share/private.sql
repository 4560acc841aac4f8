-- Identifiers of a campaign that never leave the provider in clear: account ids, API key ids,
-- payment fingerprints and e-mail addresses of its accounts. `share` uses them to withhold them
-- from every sentence it writes, and hashes them under --share-hashed-ids.
SELECT DISTINCT campaign_id, kind, value FROM (
  SELECT campaign_id, 'account_id' AS kind, account_id AS value FROM campaign_accounts
  UNION ALL
  SELECT ca.campaign_id, 'payment_fingerprint', a.payment_fingerprint FROM campaign_accounts ca JOIN accounts a USING (account_id)
  UNION ALL
  SELECT ca.campaign_id, 'email', lower(a.email) FROM campaign_accounts ca JOIN accounts a USING (account_id)
  UNION ALL
  SELECT l.campaign_id, 'api_key_id', e.api_key_id FROM exchange_labels l JOIN exchanges e USING (request_id)
) WHERE nullif(value, '') IS NOT NULL
ORDER BY campaign_id, kind, value
