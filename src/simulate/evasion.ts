/**
 * The evasion knob, 0..1. Up to the level of the disclosed campaigns (the presets' default) it
 * acts on the surface: paraphrased wordings, small noise, blurred machine timing, a borrowed SDK
 * user agent. Beyond it the operator adds tradecraft, each tactic on a share of its accounts,
 * sessions or tasks that grows linearly to all of them at 1:
 *
 * - content: prompts rewritten with synonyms, personal prefaces and closings (few templates repeat
 *   exactly), reasoning questions wrapped in a conversation with follow-up turns;
 * - timing: tasks at a person's hours in the account's own time zone, minutes between turns;
 * - network: sessions leave through a large residential proxy pool, not the operator's hosts;
 * - client and billing: accounts with an ordinary SDK's TLS stack and user agent, their own card;
 * - ramp: a new account starts light and reaches full throughput over days.
 *
 * Tactics draw from their own random streams (or only when active), so at or below the disclosed
 * level the output is byte-identical to the simulator without them.
 */
export const DISCLOSED_EVASION = 0.3;

/** Share of accounts, sessions or tasks on which the operator applies its extra tradecraft. */
export function tradecraft(evasion: number): number {
  return Math.max(0, Math.min(1, (evasion - DISCLOSED_EVASION) / (1 - DISCLOSED_EVASION)));
}

/** Time zones a blending operator's accounts pretend to live in. */
export const COVER_TIME_ZONES: readonly (readonly [number, number])[] = [
  [-8, 2],
  [-5, 3],
  [0, 2],
  [1, 3],
  [3, 1],
  [5, 2],
  [8, 3],
  [9, 1],
];

/** Days over which a new account ramps to full throughput when the operator avoids the no-ramp tell. */
export const RAMP_DAYS = 7;
