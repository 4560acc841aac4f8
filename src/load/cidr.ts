import { isIP } from 'node:net';

/**
 * A CIDR block (or a bare address) as indicators and allowlists take it: an IPv4 address in dotted
 * quads with a prefix of at most 32 bits, or an IPv6 address Node's own parser accepts (so
 * `::::/64` or `1:2:3/48`, which could never match an address, are refused) with at most 128.
 */
export function isCidr(text: string): boolean {
  const [addr, bits, ...rest] = text.split('/');
  if (rest.length > 0 || !addr || addr.includes('%')) return false;
  const version = isIP(addr);
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(addr) && addr.split('.').every((o) => Number(o) <= 255);
  const max = v4 ? 32 : version === 6 ? 128 : 0;
  if (max === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}
