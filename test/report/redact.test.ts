import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { Redactor, hashId } from '../../src/report/redact.js';

let db: Database;
let redactor: Redactor;

beforeAll(async () => {
  db = await Database.open();
  await db.run(
    `CREATE TABLE report_accounts AS SELECT * FROM (VALUES ('acct_1'), ('org 7 (eu)'), ('arn:aws:iam::123:user/bob'), ('user@example.org')) t(account_id)`,
  );
  redactor = await Redactor.load(db, 'pepper-salt');
});
afterAll(() => db.close());

describe('Redactor', () => {
  it('hashes ids the same way in SQL and TypeScript', () => {
    expect(redactor.id('acct_1')).toBe(hashId('acct_1', 'pepper-salt'));
    expect(redactor.id('not_in_the_table')).toBe(hashId('not_in_the_table', 'pepper-salt'));
  });

  it('scrubs known ids, IPs and e-mail addresses from free text', () => {
    const h = (id: string) => hashId(id, 'pepper-salt');
    expect(redactor.text('acct_1 and acct_10 shared 203.0.113.77, 2001:db8:abcd:12::1 and 10.1.2.3/32.')).toBe(
      `${h('acct_1')} and acct_10 shared 203.0.113.0/24, 2001:db8:abcd::/48 and 10.1.2.0/24.`,
    );
    expect(redactor.text('tied to org 7 (eu) via arn:aws:iam::123:user/bob')).toBe(
      `tied to ${h('org 7 (eu)')} via ${h('arn:aws:iam::123:user/bob')}`,
    );
    expect(redactor.text('owner user@example.org, contact alice01@lab.example')).toBe(
      `owner ${h('user@example.org')}, contact ${h('alice01')}@lab.example`,
    );
    expect(redactor.text('at 2026-02-10T17:00:00Z, version 1.2.3')).toBe('at 2026-02-10T17:00:00Z, version 1.2.3');
  });
});
