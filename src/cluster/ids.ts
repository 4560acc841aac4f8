import { createHash } from 'node:crypto';

/**
 * A cluster is named after its smallest account id, hashed: the same input gives the same id,
 * the id survives members joining or leaving (unless the smallest one changes), and it does not
 * spell out an account id in a redacted report.
 */
export function clusterId(members: readonly string[]): string {
  const smallest = members.reduce((m, x) => (x < m ? x : m));
  return 'K' + createHash('sha256').update(smallest).digest('hex').slice(0, 10);
}
