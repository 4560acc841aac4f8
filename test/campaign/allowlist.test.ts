import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllowlist, readAllowlist } from '../../src/allowlist/allowlist.js';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import type { Database } from '../../src/db/database.js';
import { UserError } from '../../src/errors.js';
import { contextFor, openWorld, sampleWorld } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

function file(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
  const path = join(dir, 'allow.json');
  writeFileSync(path, content);
  return path;
}

describe('allowlist file', () => {
  it('reads entries of every type', () => {
    const entries = parseAllowlist(
      {
        entries: [
          { type: 'account_id', value: 'c6', reason: 'partner evaluation programme' },
          { type: 'cidr', value: '2001:db8::/32', reason: 'our test traffic' },
          { type: 'user_agent', value: 're:^internal-eval/', reason: 'red team' },
          { type: 'org_name', value: 'Example Corp', reason: 'contract' },
        ],
      },
      'a.json',
    );
    expect(entries.map((e) => e.type)).toEqual(['account_id', 'cidr', 'user_agent', 'org_name']);
  });

  it.each([
    [{ entries: [{ type: 'account_id', value: 'x' }] }, 'entries[0].reason: missing or empty'],
    [{ entries: [{ type: 'ip', value: 'x', reason: 'r' }] }, 'entries[0].type: unknown type "ip"'],
    [{ entries: [{ type: 'cidr', value: '10.0.0.0/33', reason: 'r' }] }, 'entries[0].value: "10.0.0.0/33" is not a CIDR'],
    [{ entries: {} }, 'entries: expected an array'],
  ])('names the bad element: %j', (data, message) => {
    expect(() => parseAllowlist(data, 'a.json')).toThrow(message);
  });

  it('reports unreadable and malformed files as user errors naming the file', () => {
    const bad = file('{ not json');
    expect(() => readAllowlist(bad)).toThrow(UserError);
    try {
      readAllowlist(bad);
    } catch (err) {
      expect((err as UserError).file).toBe(bad);
    }
    expect(() => readAllowlist('/nonexistent/allow.json')).toThrow(/cannot read allowlist/);
  });
});

describe('allowlist in the campaign stage', () => {
  it('keeps allowlisted accounts out of campaigns and lists what it suppressed', async () => {
    db = await openWorld(sampleWorld());
    const path = file(
      JSON.stringify({
        entries: [
          { type: 'account_id', value: 'c6', reason: 'partner evaluation programme' },
          { type: 'org_name', value: 'example corp', reason: 'known customer' },
          { type: 'cidr', value: '198.51.100.0/30', reason: 'provider test traffic' },
        ],
      }),
    );
    const ctx = contextFor(db, { allowlist: path });
    await campaignStage.run(ctx);
    const campaigns = await campaignSource()(ctx);
    expect(campaigns[0]!.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const suppressed = await db.all('SELECT account_id, type, reason FROM allowlisted_accounts ORDER BY account_id');
    expect(suppressed).toEqual([
      { account_id: 'c6', type: 'account_id', reason: 'partner evaluation programme' },
      { account_id: 'g01', type: 'cidr', reason: 'provider test traffic' },
      { account_id: 'g02', type: 'cidr', reason: 'provider test traffic' },
      { account_id: 'g03', type: 'cidr', reason: 'provider test traffic' },
      { account_id: 'g04', type: 'cidr', reason: 'provider test traffic' },
      ...['n1', 'n2', 'n3', 'n4', 'n5'].map((a) => ({ account_id: a, type: 'org_name', reason: 'known customer' })),
    ]);
    expect(ctx.notes.join('\n')).toContain('allowlist: 3 entries, 10 account(s) kept out of campaigns');
  });
});
