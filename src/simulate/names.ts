import type { Random } from './random.js';

const FIRST = [
  'alex',
  'maria',
  'james',
  'li',
  'priya',
  'sam',
  'noah',
  'emma',
  'chen',
  'fatima',
  'lucas',
  'olga',
  'diego',
  'yuki',
  'omar',
  'sara',
  'ben',
  'ana',
  'ravi',
  'julia',
  'tom',
  'mei',
  'ivan',
  'nina',
  'kofi',
  'lea',
  'hugo',
  'aisha',
  'jon',
  'eva',
];
const LAST = [
  'smith',
  'garcia',
  'wang',
  'patel',
  'mueller',
  'rossi',
  'kim',
  'nguyen',
  'silva',
  'kowalski',
  'tanaka',
  'okafor',
  'dubois',
  'johansson',
  'haddad',
  'novak',
  'reyes',
  'brown',
  'singh',
  'lopez',
];
export const WEBMAIL = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'proton.me',
  'icloud.com',
  'hotmail.com',
  'gmx.de',
  'qq.com',
  'naver.com',
  'yandex.ru',
];
const COMPANY_WORDS = [
  'blue',
  'north',
  'pixel',
  'cedar',
  'orbit',
  'lumen',
  'stack',
  'river',
  'nimbus',
  'harvest',
  'atlas',
  'kite',
  'ember',
  'quartz',
  'delta',
  'sprout',
];
const COMPANY_SUFFIX = ['labs', 'works', 'hq', 'io', 'studio', 'tech', 'apps', 'data'];

export function personName(rng: Random): { first: string; last: string } {
  return { first: rng.pick(FIRST), last: rng.pick(LAST) };
}

export function personalEmail(rng: Random): string {
  const { first, last } = personName(rng);
  const local = rng.pick([
    `${first}.${last}`,
    `${first}${last}${rng.range(1, 99)}`,
    `${first[0]}${last}`,
    `${first}_${rng.range(1970, 2005)}`,
  ]);
  return `${local}@${rng.pick(WEBMAIL)}`;
}

export function companyName(rng: Random): { name: string; domain: string } {
  const a = rng.pick(COMPANY_WORDS);
  const b = rng.pick(COMPANY_SUFFIX);
  const name = `${a[0]!.toUpperCase()}${a.slice(1)}${b[0]!.toUpperCase()}${b.slice(1)}`;
  return { name, domain: `${a}${b}${rng.range(1, 9) === 1 ? rng.range(2, 99) : ''}.${rng.pick(['com', 'io', 'co', 'dev', 'ai', 'net'])}` };
}

export function workEmail(rng: Random, domain: string): string {
  const { first, last } = personName(rng);
  return `${rng.pick([`${first}.${last}`, `${first}`, `${first[0]}${last}`])}@${domain}`;
}
