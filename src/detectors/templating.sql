-- Generated prompt sets share their frames (a template's opening and closing words, once
-- filled-in parts are masked) across the operator's accounts: the generator varies the middle
-- inside a fixed instruction. Strength follows the share of the account's prompts whose frame
-- is also sent by others (at least $shared_accounts accounts in all). Guards: evaluation harnesses and form-driven apps
-- with their own templates share nothing, so they stay quiet; a frame sent by more than $common_share
-- of all accounts is a popular app's or a common phrase and counts as not shared.
-- At least $min_prompts prompts: fewer cannot show a share.
INSERT INTO signals
WITH pop AS (SELECT count(*) AS accounts FROM account_features),
usage AS (
  SELECT frame_id, count(*) AS accounts FROM account_frames GROUP BY frame_id
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY exchanges DESC, frame_id) AS rank,
         sum(exchanges) OVER (PARTITION BY account_id) AS prompts,
         count(*) OVER (PARTITION BY account_id) AS frames
    FROM account_frames
), per_account AS (
  SELECT r.account_id, any_value(r.prompts) AS prompts, any_value(r.frames) AS frames,
         count(*) FILTER (WHERE r.shared) AS shared_frames,
         coalesce(sum(r.exchanges) FILTER (WHERE r.shared), 0) AS shared_exchanges,
         coalesce(median(u.accounts) FILTER (WHERE r.shared), 1) - 1 AS other_accounts
    FROM (SELECT ranked.*, u.accounts >= $shared_accounts AND u.accounts <= greatest($shared_accounts, $common_share * pop.accounts) AS shared
            FROM ranked JOIN usage u USING (frame_id), pop) r
    JOIN usage u USING (frame_id)
   GROUP BY r.account_id
), scored AS (
  SELECT account_id, prompts, frames, shared_frames, shared_exchanges / prompts AS share, other_accounts
    FROM per_account
   WHERE prompts >= $min_prompts
)
SELECT account_id, $detector, ramp(share, $share_from, $share_full),
       format('{} of {} prompts fall in {} prompt frame(s) that a median of {} other account(s) also send ({} distinct frames in all)',
              pct(share), num(prompts), num(shared_frames), round(other_accounts)::BIGINT, num(frames)),
       []::VARCHAR[]
  FROM scored
 WHERE ramp(share, $share_from, $share_full) > 0;
