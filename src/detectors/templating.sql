-- Generated prompt sets collapse to few templates once the filled-in parts are masked.
-- Guard (evaluation harnesses, form-driven apps): a private template set reaches at most 0.5;
-- only templates that other accounts also send (hydra accounts share their generator) go higher.
-- Templates sent by more than a fifth of all accounts are a popular app's, and do not count as shared.
-- At least 30 prompts: fewer always look templated.
INSERT INTO signals
WITH pop AS (SELECT count(*) AS accounts FROM account_features),
usage AS (
  SELECT template_id, count(*) AS accounts FROM account_templates GROUP BY template_id
), top3 AS (
  SELECT account_id, template_id, exchanges
    FROM (SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY exchanges DESC, template_id) AS rank
            FROM account_templates)
   WHERE rank <= 3
), shared AS (
  SELECT t.account_id,
         sum(t.exchanges) FILTER (WHERE u.accounts > 1 AND u.accounts <= greatest(5, 0.2 * pop.accounts)) AS shared_exchanges,
         max(u.accounts) FILTER (WHERE u.accounts <= greatest(5, 0.2 * pop.accounts)) - 1 AS other_accounts,
         count(*) AS top_templates
    FROM top3 t JOIN usage u USING (template_id), pop
   GROUP BY t.account_id
), scored AS (
  SELECT a.account_id, a.prompts, a.templates, s.top_templates, a.top3_template_exchanges / a.prompts AS share,
         coalesce(s.shared_exchanges, 0) / a.top3_template_exchanges AS shared_share, coalesce(s.other_accounts, 0) AS other_accounts
    FROM account_features a JOIN shared s USING (account_id)
   WHERE a.prompts >= 30
)
SELECT account_id, $detector, ramp(share, 0.5, 0.9) * (0.5 + 0.5 * shared_share),
       format('{} of {} prompts fall in {} template(s) ({} distinct templates in all){}',
              pct(share), num(prompts), top_templates, num(templates),
              CASE WHEN other_accounts > 0 THEN format('; the same templates are sent by up to {} other account(s)', other_accounts) ELSE '' END),
       []::VARCHAR[]
  FROM scored
 WHERE ramp(share, 0.5, 0.9) > 0;
