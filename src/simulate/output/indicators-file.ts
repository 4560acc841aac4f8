import { MODELS, isoTime } from '../calendar.js';
import type { World } from '../world.js';

/** indicators.json as CONTRACT.md section 1 shapes it: what an investigator knows. */
export function indicatorsJson(world: World): string {
  const actors = world.intel.map((actor) => ({
    name: actor.actor,
    indicators: actor.indicators.map((i) => ({ type: i.type, value: i.account ? i.account.id : i.value })),
  }));
  const enforcement = world.accounts
    .filter((a) => a.profile.banned_at !== null)
    .map((a) => ({ account_id: a.id, action: 'ban', at: isoTime(a.profile.banned_at!) }))
    .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.account_id < y.account_id ? -1 : 1));
  const doc = {
    actors,
    model_releases: [
      { model: MODELS.lite, released_at: isoTime(world.cal.start - 75 * 86_400_000 + 17 * 3_600_000) },
      { model: MODELS.next, released_at: isoTime(world.cal.releaseAt) },
    ],
    enforcement,
    sampling_rate: world.plan.samplingRate,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
