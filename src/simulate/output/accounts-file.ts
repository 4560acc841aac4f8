import type { SimAccount } from '../account.js';
import { isoTime } from '../calendar.js';
import { csvField } from './formats.js';

const COLUMNS = [
  'account_id',
  'created_at',
  'email',
  'payment_fingerprint',
  'country',
  'signup_channel',
  'org_name',
  'plan',
  'status',
  'banned_at',
] as const;

/** The accounts export: every account the provider holds, dormant ones included, sorted by id. */
export function accountsCsv(accounts: readonly SimAccount[]): string {
  const rows = [...accounts]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a) => {
      const p = a.profile;
      const values = [
        a.id,
        isoTime(p.created_at),
        p.email,
        p.payment_fingerprint ?? '',
        p.country,
        p.signup_channel,
        p.org_name ?? '',
        p.plan,
        p.status,
        p.banned_at === null ? '' : isoTime(p.banned_at),
      ];
      return values.map(csvField).join(',');
    });
  return [COLUMNS.join(','), ...rows].join('\n') + '\n';
}
