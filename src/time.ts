import { UserError } from './errors.js';

/**
 * An ISO-8601 date or time as a Date; one without a zone is UTC, a bare date is its midnight UTC.
 * `where` names the flag or field it came from in the error (exit 2) a text that is not one gets.
 * The CLI's `--since`/`--until` and the investigation file's times both read through here.
 */
export function parseTime(text: string, where: string): Date {
  const trimmed = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
  if (!iso.test(trimmed)) throw new UserError(`${where}: "${text}" is not an ISO-8601 date or time`);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
  const normalised = trimmed.replace(' ', 'T');
  const date = new Date(hasZone ? normalised : normalised.length === 10 ? `${normalised}T00:00:00Z` : `${normalised}Z`);
  if (Number.isNaN(date.getTime())) throw new UserError(`${where}: "${text}" is not a valid time`);
  return date;
}
