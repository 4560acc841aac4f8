-- Accounts opened shortly before they were first used: a hydra's accounts are made (or bought)
-- for the operation, an established customer's are not. Accounts the export does not date
-- (no accounts file, no created_at) are not fresh.
CREATE OR REPLACE TEMP TABLE campaign_account_fresh AS
SELECT f.account_id, coalesce(a.created_at >= min(f.ts) - to_days($days), false) AS fresh
  FROM exchange_features f
  LEFT JOIN (SELECT account_id, min(created_at) AS created_at FROM accounts GROUP BY account_id) a USING (account_id)
 GROUP BY f.account_id, a.created_at;
