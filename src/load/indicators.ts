import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { parseTime } from '../time.js';
import { isCidr } from './cidr.js';
import { regexBudgetProblem } from '../rules/regex-budget.js';
import { terminalText } from '../report/escape.js';
import { partnerFormat, readPartner } from '../share/read.js';

export const INDICATOR_TYPES = [
  'cidr',
  'asn',
  'email_domain',
  'payment_fingerprint',
  'user_agent',
  'client_fingerprint',
  'prompt',
  'account_id',
] as const;
/** Types whose value may be a `re:` pattern; the others are matched exactly. */
const PATTERN_TYPES = new Set(['user_agent', 'prompt']);

export interface Investigation {
  /** `source`: the partner that shared the indicator (STIX producer, MISP organisation); null for the investigator's own. */
  indicators: { actor: string; type: string; value: string; ordinal: number; source: string | null }[];
  modelReleases: { model: string; releasedAt: string }[];
  enforcement: { accountId: string; action: string; at: string }[];
  samplingRate?: number;
}

/**
 * Reads and checks `--indicators FILE` (CONTRACT.md section 1); each problem names its JSON path.
 * A STIX 2.1 bundle or a MISP event, recognised by content, is read as a partner's indicators.
 */
export async function readInvestigation(ctx: Context, path: string): Promise<Investigation> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code ? `cannot read (${code})` : `not valid JSON (${(err as Error).message})`, 'indicators-invalid', path);
  }
  if (partnerFormat(doc)) return readPartnerInvestigation(ctx, path, doc);
  const fail = (where: string, why: string): never => {
    throw new UserError(`${where}: ${why}`, 'indicators-invalid', path);
  };
  const root = object(doc, '(top level)', fail);
  allowKeys(root, ['actors', 'model_releases', 'enforcement', 'sampling_rate'], '(top level)', fail);
  const out: Investigation = { indicators: [], modelReleases: [], enforcement: [] };

  array(root.actors, 'actors', fail).forEach((a, i) => {
    const at = `actors[${i}]`;
    const actor = object(a, at, fail);
    allowKeys(actor, ['name', 'indicators', 'notes'], at, fail);
    const name = text(actor.name, `${at}.name`, fail);
    array(actor.indicators, `${at}.indicators`, fail).forEach((ind, j) => {
      const where = `${at}.indicators[${j}]`;
      const o = object(ind, where, fail);
      allowKeys(o, ['type', 'value', 'note'], where, fail);
      const type = text(o.type, `${where}.type`, fail);
      if (!(INDICATOR_TYPES as readonly string[]).includes(type))
        fail(`${where}.type`, `unknown type "${type}" (one of: ${INDICATOR_TYPES.join(', ')})`);
      const value = text(o.value, `${where}.value`, fail);
      out.indicators.push({ actor: name, type, value: checkValue(type, value, `${where}.value`, fail), ordinal: j, source: null });
    });
  });

  array(root.model_releases, 'model_releases', fail).forEach((r, i) => {
    const at = `model_releases[${i}]`;
    const o = object(r, at, fail);
    allowKeys(o, ['model', 'released_at'], at, fail);
    out.modelReleases.push({ model: text(o.model, `${at}.model`, fail), releasedAt: time(o.released_at, `${at}.released_at`, fail) });
  });

  array(root.enforcement, 'enforcement', fail).forEach((e, i) => {
    const at = `enforcement[${i}]`;
    const o = object(e, at, fail);
    allowKeys(o, ['account_id', 'action', 'at'], at, fail);
    out.enforcement.push({
      accountId: text(o.account_id, `${at}.account_id`, fail),
      action: text(o.action, `${at}.action`, fail),
      at: time(o.at, `${at}.at`, fail),
    });
  });

  if (root.sampling_rate !== undefined) {
    const r = root.sampling_rate;
    if (typeof r !== 'number' || !(r > 0 && r <= 1)) fail('sampling_rate', `must be a number in (0, 1], got ${JSON.stringify(r)}`);
    out.samplingRate = r as number;
  }

  for (const [i, ind] of out.indicators.entries()) {
    if (!ind.value.startsWith('re:')) continue;
    const overBudget = regexBudgetProblem(ind.value.slice(3));
    if (overBudget) fail(`${locate(out, i)}.value`, overBudget);
    try {
      await ctx.db.value("SELECT regexp_matches('', $re)", { re: ind.value.slice(3) });
    } catch (err) {
      const where = locate(out, i);
      fail(
        `${where}.value`,
        `invalid regular expression (RE2 syntax): ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`,
      );
    }
  }
  return out;
}

/** How many skipped objects each warning names. */
const SKIPPED_SHOWN = 3;

/**
 * A partner's STIX bundle or MISP event: what distill-audit can evaluate becomes indicators of the
 * named actors, each with its source; everything else is listed on stderr with the reason.
 */
async function readPartnerInvestigation(ctx: Context, path: string, doc: unknown): Promise<Investigation> {
  const partner = readPartner(doc);
  const out: Investigation = { indicators: [], modelReleases: [], enforcement: [] };
  const skipped = [...partner.skipped];
  const ordinals = new Map<string, number>();
  const seen = new Set<string>();
  for (const ind of partner.indicators) {
    let value: string;
    if (ind.value.startsWith('sha256:') && ctx.options.partnerSalt === undefined) {
      skipped.push({
        ref: ind.ref,
        reason: `a salted hash of ${ind.type === 'account_id' ? 'an account id' : 'a payment fingerprint'}: give the salt agreed with the partner as --partner-salt to compare`,
      });
      continue;
    }
    try {
      value = checkValue(ind.type, ind.value, ind.ref, (_where, why) => {
        throw new UserError(why);
      });
    } catch (err) {
      skipped.push({ ref: ind.ref, reason: (err as Error).message });
      continue;
    }
    if (value.startsWith('re:')) {
      try {
        await ctx.db.value("SELECT regexp_matches('', $re)", { re: value.slice(3) });
      } catch (err) {
        const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^Invalid Input Error: /, '');
        skipped.push({ ref: ind.ref, reason: `invalid regular expression (RE2 syntax): ${why}` });
        continue;
      }
    }
    const key = JSON.stringify([ind.actor, ind.type, value, ind.source]);
    if (seen.has(key)) continue;
    seen.add(key);
    const ordinal = ordinals.get(ind.actor) ?? 0;
    ordinals.set(ind.actor, ordinal + 1);
    out.indicators.push({ actor: ind.actor, type: ind.type, value, ordinal, source: ind.source });
  }
  const actors = new Set(out.indicators.map((i) => i.actor)).size;
  ctx.log.info(
    `${path}: ${partner.format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event'}, ${out.indicators.length} indicator(s) of ${actors} actor(s) read, ${skipped.length} skipped`,
  );
  // One line per reason, naming the first few objects; refs and reasons quote the partner's file,
  // so they are made safe for a terminal.
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.ref]);
  for (const [reason, refs] of byReason) {
    const shown =
      refs.slice(0, SKIPPED_SHOWN).map(terminalText).join(', ') +
      (refs.length > SKIPPED_SHOWN ? `, and ${refs.length - SKIPPED_SHOWN} more` : '');
    ctx.log.warn(`${path}: skipped ${refs.length}: ${terminalText(reason)} (${shown})`);
  }
  return out;
}

function locate(inv: Investigation, index: number): string {
  const ind = inv.indicators[index]!;
  const actors = [...new Set(inv.indicators.map((x) => x.actor))];
  return `actors[${actors.indexOf(ind.actor)}].indicators[${ind.ordinal}]`;
}

type Fail = (where: string, why: string) => never;

function object(v: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(where, 'must be a JSON object');
  return v as Record<string, unknown>;
}

function array(v: unknown, where: string, fail: Fail): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(where, 'must be an array');
  return v as unknown[];
}

function text(v: unknown, where: string, fail: Fail): string {
  if (typeof v !== 'string' || v.trim() === '') fail(where, 'must be a non-empty string');
  return (v as string).trim();
}

function time(v: unknown, where: string, fail: Fail): string {
  const s = text(v, where, fail);
  try {
    return parseTime(s, where).toISOString();
  } catch {
    return fail(where, `"${s}" is not an ISO-8601 time`);
  }
}

function allowKeys(o: Record<string, unknown>, keys: string[], where: string, fail: Fail): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(where, `unknown key "${k}" (expected: ${keys.join(', ')})`);
}

function checkValue(type: string, value: string, where: string, fail: Fail): string {
  if (value.startsWith('re:')) {
    if (!PATTERN_TYPES.has(type)) fail(where, `a "re:" pattern is only allowed for ${[...PATTERN_TYPES].join(' and ')}, not ${type}`);
    if (value.length === 3) fail(where, 'empty "re:" pattern');
    return value;
  }
  switch (type) {
    case 'cidr':
      if (!isCidr(value)) fail(where, `"${value}" is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32`);
      return value.toLowerCase();
    case 'asn': {
      const m = /^(?:AS)?(\d{1,10})$/i.exec(value);
      if (!m) fail(where, `"${value}" is not an AS number such as AS64500`);
      return `AS${Number(m![1])}`;
    }
    case 'email_domain':
      return value.toLowerCase().replace(/^@/, '');
    default:
      return value;
  }
}
