import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Database } from '../db/database.js';
import type { Campaign, Report } from './model.js';
import type { CampaignEvidence, ReportView } from './view.js';

/**
 * What `--redact` does to a bundle: account ids become salted hashes (the same salt gives the same
 * hash, so redacted reports of daily runs can still be diffed), IPv4 addresses are cut to their /24
 * and IPv6 to their /48, e-mail local parts are hashed, and prompt text is left out.
 */
export class Redactor {
  private constructor(
    readonly salt: string,
    private readonly known: Map<string, string>,
    /** Ids with characters that split words; replaced by plain search, longest first. */
    private readonly awkward: string[],
  ) {}

  /** Known ids are every account of the run (`report_accounts`), so free text can be scrubbed of them. */
  static async load(db: Database, salt: string): Promise<Redactor> {
    const rows = await db.all<{ account_id: string; hashed: string }>(
      `SELECT account_id, ${hashSql('account_id', '$salt')} AS hashed FROM report_accounts WHERE account_id IS NOT NULL`,
      { salt },
    );
    const known = new Map(rows.map((r) => [r.account_id, r.hashed]));
    const awkward = rows.map((r) => r.account_id).filter((id) => !WORD.test(id) && id.length >= 3);
    awkward.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    return new Redactor(salt, known, awkward);
  }

  id(accountId: string): string {
    return this.known.get(accountId) ?? hashId(accountId, this.salt);
  }

  /** Free text (signal details, evidence): known ids, IPs and e-mail addresses replaced. */
  text(input: string): string {
    let out = input;
    for (const id of this.awkward) if (out.includes(id)) out = out.split(id).join(this.id(id));
    out = out.replace(TOKEN, (token) => {
      const trimmed = token.replace(/[.:!?]+$/, '');
      const hashed = this.known.get(trimmed);
      if (hashed) return hashed + token.slice(trimmed.length);
      return token
        .split(/([:/])/)
        .map((part) => this.known.get(part) ?? part)
        .join('');
    });
    out = out.replace(EMAIL, (_m, local: string, domain: string) => `${hashId(local, this.salt)}@${domain}`);
    out = out.replace(IPV4, (m, addr: string, prefix?: string) => (isIPv4(addr) ? cutIp(addr, prefix ? Number(prefix) : undefined) : m));
    out = out.replace(IPV6, (m, addr: string, prefix?: string) => (isIPv6(addr) ? cutIp(addr, prefix ? Number(prefix) : undefined) : m));
    return out;
  }

  report(report: Report): Report {
    return { ...report, campaigns: report.campaigns.map((c) => this.campaign(c)) };
  }

  view(view: ReportView): ReportView {
    const evidence: Record<string, CampaignEvidence> = {};
    for (const [id, e] of Object.entries(view.evidence)) {
      evidence[id] = {
        ties: e.ties.map((t) => ({ ...t, value: PROMPT_KIND.test(t.kind) ? PROMPT_OMITTED : this.text(t.value) })),
        prompts: [],
      };
    }
    return { ...view, report: this.report(view.report), evidence, redacted: true };
  }

  private campaign(c: Campaign): Campaign {
    return {
      ...c,
      accounts: c.accounts.map((a) => this.id(a)),
      attribution: {
        ...c.attribution,
        actor: c.attribution.actor,
        evidence: c.attribution.evidence.map((e) => ({ ...e, indicator: this.text(e.indicator) })),
      },
      signals: c.signals.map((s) => ({ ...s, detail: this.text(s.detail) })),
    };
  }
}

export const PROMPT_OMITTED = '(prompt text omitted: --redact)';
const PROMPT_KIND = /prompt|template|system|content|text/i;
const WORD = /^[A-Za-z0-9_.@+\-:/]+$/;
const TOKEN = /[A-Za-z0-9_.@+\-:/]+/g;
const EMAIL = /([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/g;
const IPV4 = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?!\.?\d)/g;
const IPV6 = /(?<![\w:])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?:\/(\d{1,3}))?(?![\w:])/g;

/** The salted hash as SQL, so DuckDB (accounts.parquet) and TypeScript produce the same value. */
export function hashSql(expr: string, saltParam: string): string {
  return `'anon-' || left(sha256(${saltParam} || ${expr}), 16)`;
}

export function hashId(value: string, salt: string): string {
  return `anon-${createHash('sha256')
    .update(salt + value, 'utf8')
    .digest('hex')
    .slice(0, 16)}`;
}

/** An address cut to its /24 (IPv4) or /48 (IPv6); a network already at least that wide is kept. */
export function cutIp(addr: string, prefix?: number): string {
  if (isIPv4(addr)) {
    if (prefix !== undefined && prefix <= 24) return `${addr}/${prefix}`;
    const [a, b, c] = addr.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (prefix !== undefined && prefix <= 48) return `${addr}/${prefix}`;
  const groups = expandIPv6(addr)
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/48`;
}

function expandIPv6(addr: string): string[] {
  const lower = addr.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  const text = v4 ? lower.replace(v4[1]!, '0:0') : lower;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail !== undefined ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0'));
}
