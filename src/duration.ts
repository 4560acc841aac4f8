/**
 * A duration for a person: "0.4 s", "34.4 s", "2 min 05 s", "1 h 02 min". Stage notes and the
 * progress line use it; report.json keeps milliseconds.
 */
export function humanDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The milliseconds of a `humanDuration` text (for scripts that read the stage notes). */
export function parseHumanDuration(text: string): number | undefined {
  const m = /^(?:(\d+) h )?(?:(\d+) min)?(?: ?(\d+(?:\.\d+)?) s)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000);
}
