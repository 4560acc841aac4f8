-- Prompt templates come from the features stage (hash of the masked prompt).
INSERT INTO link_items
SELECT DISTINCT 'template', template_id, account_id, NULL
  FROM exchange_features
 WHERE template_id IS NOT NULL AND account_id IS NOT NULL;
