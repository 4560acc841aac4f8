import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { campaignStage } from '../../src/campaign/index.js';
import { DECISION } from '../../src/campaign/thresholds.js';
import { param, sqlDetector, ROLES, type DetectorRole, type SqlDetectorSpec } from '../../src/detectors/detector.js';
import { runDetectors, writeDetectorRoles } from '../../src/detectors/index.js';
import { DETECTORS } from '../../src/detectors/registry.js';
import { configHash } from '../../src/report/build.js';
import { sqlFile } from '../../src/db/sql.js';
import { featuresStage } from '../../src/features/index.js';
import { contextFor, openWorld, sampleWorld, type World } from '../campaign/world.js';
import { at, openTables } from '../features/tables.js';
import { testContext } from './run.js';

// An 11th detector is one SQL file and one entry (src/detectors/README.md). These live in the test
// only: their SQL beside this file (toy/), their entries below. `nightShift` is the README's
// example, word for word.
function nightShift(role: DetectorRole = 'usage', shareFrom = 0.5): SqlDetectorSpec {
  return {
    name: 'night-shift',
    version: '1',
    role,
    sql: 'toy/night-shift.sql',
    moduleUrl: import.meta.url,
    needs: [],
    description: 'most exchanges between 01:00 and 05:00 UTC',
    guard: 'at least 30 exchanges; a share, not a count',
    params: [
      param('min_exchanges', 30, 'fewer cannot show a habit'),
      param('share_from', shareFrom, 'night share where the signal starts'),
      param('share_full', 0.9, 'night share where it is full'),
    ],
  };
}

/** A second toy that the campaign tests' world (no features tables) can run: see its SQL's comment. */
function stepDrill(role: DetectorRole): SqlDetectorSpec {
  return {
    name: 'step-drill',
    version: '1',
    role,
    sql: 'toy/step-drill.sql',
    moduleUrl: import.meta.url,
    needs: ['prompt'],
    description: 'most prompts open with "Think step by step"',
    guard: 'a toy: it spares accounts that ask that now and then',
    params: [
      param('min_exchanges', 20, 'fewer exchanges cannot show a habit'),
      param('share_from', 0.5, 'share of such prompts where the signal starts'),
      param('share_full', 0.9, 'share where it is full'),
    ],
  };
}

describe('an 11th detector: one SQL file and one registry entry', () => {
  it("is the README's example", () => {
    const readme = readFileSync(new URL('../../src/detectors/README.md', import.meta.url), 'utf8');
    const walkthrough = readme.slice(readme.indexOf('## Adding a detector'));
    const sql = /```sql\n([\s\S]*?)```/.exec(walkthrough)![1]!.replace(/^ {3}/gm, '');
    expect(sql).toBe(readFileSync(new URL('toy/night-shift.sql', import.meta.url), 'utf8'));
    const entry = /```ts\n([\s\S]*?)```/.exec(walkthrough)![1]!;
    for (const p of nightShift().params) expect(entry).toContain(`param('${p.name}', ${p.value}, '${p.meaning}')`);
  });

  it('runs in the signals stage beside the ten, timed as a detector, with its role recorded', async () => {
    const exchanges = [];
    // at(m) is m minutes after midnight UTC: the owl works 01:00-04:59 on five nights, the clerk 09:00-12:59.
    for (let d = 0; d < 5; d++) {
      for (let i = 0; i < 8; i++) exchanges.push({ account_id: 'owl', ts: at(d * 1440 + 60 + i * 29), prompt: `item ${d} ${i}` });
      for (let i = 0; i < 8; i++) exchanges.push({ account_id: 'clerk', ts: at(d * 1440 + 540 + i * 29), prompt: `memo ${d} ${i}` });
    }
    const db = await openTables({ exchanges });
    onTestFinished(() => db.close());
    const ctx = testContext(db);
    await featuresStage.run(ctx);
    await runDetectors(ctx, [...DETECTORS, sqlDetector(nightShift())]);
    const rows = await db.all<{ account_id: string; strength: number; detail: string }>(
      "SELECT account_id, strength, detail FROM signals WHERE detector = 'night-shift' ORDER BY account_id",
    );
    expect(rows).toEqual([{ account_id: 'owl', strength: 1, detail: '100% of 40 exchanges between 01:00 and 05:00 UTC' }]);
    expect(ctx.timings.filter((t) => t.stage === 'signals').map((t) => [t.name, t.kind])).toContainEqual(['night-shift', 'detector']);
    expect(await db.one("SELECT role, extraction, churn FROM detector_roles WHERE detector = 'night-shift'")).toEqual({
      role: 'usage',
      extraction: false,
      churn: false,
    });
  });

  // The world's evaluation harness (K4, here with 31 exchanges per account, enough for account
  // detectors to be relied on) shows volume, single-turn use and capability focus: usage that
  // power users show too, so it is no campaign. The toy fires on its "Think step by step"
  // prompts: declared an extraction or churn detector, it gives the harness the extraction
  // evidence it lacked and the decision counts it, making the harness a campaign; declared a
  // usage detector, it adds breadth and changes nothing else.
  for (const [role, extraction, campaigns] of [
    ['usage', 0, 1],
    ['extraction', 1, 2],
    ['churn', 1, 2],
  ] as const) {
    it(`counts in the campaign decision as its role says (${role})`, async () => {
      const db = await openWorld(harnessWorld());
      onTestFinished(() => db.close());
      const toy = sqlDetector(stepDrill(role));
      // The world's signals are given, not detected: keep them across the signals table's set-up
      // (signals.sql, which also defines ramp, pct and num), then run the toy as the stage would.
      await db.run('CREATE TEMP TABLE world_signals AS SELECT * FROM signals');
      await db.run(sqlFile(new URL('../../src/detectors/index.ts', import.meta.url).href, 'signals.sql'));
      await db.run('INSERT INTO signals SELECT * FROM world_signals');
      await writeDetectorRoles(db, [...DETECTORS, toy]);
      await toy.run(db);
      expect(await db.value("SELECT count(*) FROM signals WHERE detector = 'step-drill'")).toBe(4);
      await campaignStage.run(contextFor(db));
      const harness = await db.one('SELECT breadth, extraction, churn FROM campaign_cluster_features WHERE cluster_id = $id', { id: 'K4' });
      expect(harness).toEqual({ breadth: 4, extraction, churn: role === 'churn' ? 1 : 0 });
      expect(await db.value('SELECT count(*) FROM campaigns')).toBe(campaigns);
    });
  }

  it('is in the config hash: its entry, its role and each threshold value', () => {
    const ctx = contextFor(undefined as never);
    const base = configHash(ctx);
    expect(configHash(ctx, DETECTORS)).toBe(base);
    const added = configHash(ctx, [...DETECTORS, sqlDetector(nightShift())]);
    expect(added).not.toBe(base);
    expect(configHash(ctx, [...DETECTORS, sqlDetector(nightShift('extraction'))])).not.toBe(added);
    expect(configHash(ctx, [...DETECTORS, sqlDetector(nightShift('usage', 0.55))])).not.toBe(added);
  });

  it("covers the decision's numbers too: a changed campaign threshold is another configuration", () => {
    const ctx = contextFor(undefined as never);
    const base = configHash(ctx);
    // DECISION is read-only to the code; the test changes one number in place and puts it back.
    const decision = DECISION as { minScore: number };
    const before = decision.minScore;
    decision.minScore = before + 0.01;
    try {
      expect(configHash(ctx)).not.toBe(base);
    } finally {
      decision.minScore = before;
    }
    expect(configHash(ctx)).toBe(base);
  });
});

/** The campaign tests' world, its evaluation harness (h1-h4) given six more exchanges each. */
function harnessWorld(): World {
  const world = sampleWorld();
  for (const a of ['h1', 'h2', 'h3', 'h4']) {
    for (let i = 25; i < 31; i++) {
      world.exchanges.push({
        id: `${a}-${i}`,
        account: a,
        ts: new Date(Date.UTC(2026, 1, 1 + (i % 5), 0, 800 + i)).toISOString(),
        ip: '192.0.2.80',
        ua: 'eval-runner/2',
        prompt: `Think step by step: benchmark item ${i}`,
        template: 'EVAL',
        capability: 'math',
        elicitation: ['step-by-step'],
      });
    }
  }
  return world;
}

describe('a detector entry', () => {
  it('cannot be made without a role, nor with a malformed or repeated parameter', () => {
    const { role: _, ...roleless } = nightShift();
    // @ts-expect-error: the type requires a role, and sqlDetector refuses an entry without one at run time too
    expect(() => sqlDetector(roleless)).toThrow(/role must be one of usage, extraction, churn/);
    expect(() => sqlDetector({ ...nightShift(), role: 'heavy' as DetectorRole })).toThrow(/role must be one of/);
    const twice = nightShift();
    expect(() => sqlDetector({ ...twice, params: [...twice.params, param('min_exchanges', 5, 'again')] })).toThrow(/malformed or repeated/);
    expect(() => sqlDetector({ ...twice, params: [param('detector', 5, 'shadows $detector')] })).toThrow(/malformed or repeated/);
    expect(() => sqlDetector({ ...twice, params: [param('min-exchanges', 5, 'not an SQL name')] })).toThrow(/malformed or repeated/);
  });

  it('cannot share its name with another detector of the run', async () => {
    const db = await openTables({ exchanges: [{ account_id: 'a', ts: at(0), prompt: 'hi' }] });
    onTestFinished(() => db.close());
    await expect(writeDetectorRoles(db, [...DETECTORS, sqlDetector({ ...nightShift(), name: 'cadence' })])).rejects.toThrow(
      /cadence is listed twice/,
    );
  });

  it('fails to run when its SQL and its parameters disagree', async () => {
    const db = await openTables({ exchanges: [{ account_id: 'a', ts: at(0), prompt: 'hi' }] });
    onTestFinished(() => db.close());
    await featuresStage.run(testContext(db));
    await runDetectors(testContext(db), []);
    const spec = nightShift();
    const missing = sqlDetector({ ...spec, params: spec.params.slice(1) });
    await expect(missing.run(db)).rejects.toThrow(/min_exchanges/);
    const extra = sqlDetector({ ...spec, params: [...spec.params, param('unused', 1, 'not in the SQL')] });
    await expect(extra.run(db)).rejects.toThrow();
  });
});

describe('the registry', () => {
  it('gives every detector a known role, a unique name, and thresholds its SQL uses', () => {
    expect(new Set(DETECTORS.map((d) => d.name)).size).toBe(DETECTORS.length);
    for (const d of DETECTORS) {
      expect(Object.keys(ROLES)).toContain(d.role);
      expect(d.params.length).toBeGreaterThan(0);
    }
    // The roles the decision used to list by name, now declared on each entry.
    const withRole = (...roles: DetectorRole[]) => DETECTORS.filter((d) => roles.includes(d.role)).map((d) => d.name);
    expect(withRole('extraction', 'churn')).toEqual(['cadence', 'templating', 'elicitation', 're-registration', 'no-ramp', 'key-sprawl']);
    expect(withRole('churn')).toEqual(['re-registration', 'no-ramp', 'key-sprawl']);
  });
});
