import { hash32, type Random } from './random.js';

/** What the edge sees of a client program: its User-Agent and its TLS/HTTP fingerprint. */
export interface Client {
  userAgent: string;
  fingerprint: string;
}

/** JA4-shaped fingerprint of a TLS stack: the same stack gives the same value everywhere. */
export function fingerprintOf(stack: string): string {
  const h1 = hash32('fp', stack).toString(16).padStart(8, '0');
  const h2 = hash32('fp2', stack).toString(16).padStart(8, '0');
  const h3 = hash32('fp3', stack).toString(16).padStart(8, '0');
  const ciphers = 10 + (hash32('fpc', stack) % 8);
  const exts = 10 + (hash32('fpe', stack) % 9);
  return `t13d${ciphers}${exts}h2_${h1}${h2.slice(0, 4)}_${h3}${h2.slice(4)}`;
}

const CHROME = ['129.0.0.0', '130.0.0.0', '131.0.0.0', '132.0.0.0'];
const FIREFOX = ['132.0', '133.0', '134.0'];
const PLATFORMS = [
  ['Windows NT 10.0; Win64; x64', 'windows'],
  ['Macintosh; Intel Mac OS X 10_15_7', 'mac'],
  ['X11; Linux x86_64', 'linux'],
] as const;

export function browserClient(rng: Random): Client {
  const kind = rng.weighted([
    ['chrome', 55],
    ['firefox', 12],
    ['safari', 14],
    ['edge', 9],
    ['iphone', 7],
    ['android', 3],
  ] as const);
  switch (kind) {
    case 'chrome':
    case 'edge': {
      const [platform, os] = rng.pick(PLATFORMS);
      const v = rng.pick(CHROME);
      const edge = kind === 'edge' ? ` Edg/${v.replace('.0.0.0', '.0.2903.86')}` : '';
      return {
        userAgent: `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36${edge}`,
        fingerprint: fingerprintOf(`chromium-${os}-${v}`),
      };
    }
    case 'firefox': {
      const [platform, os] = rng.pick(PLATFORMS);
      const v = rng.pick(FIREFOX);
      return {
        userAgent: `Mozilla/5.0 (${platform}; rv:${v}) Gecko/20100101 Firefox/${v}`,
        fingerprint: fingerprintOf(`firefox-${os}-${v}`),
      };
    }
    case 'safari': {
      const v = rng.pick(['17.6', '18.1', '18.2']);
      return {
        userAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`,
        fingerprint: fingerprintOf(`safari-${v}`),
      };
    }
    case 'iphone': {
      const v = rng.pick(['17_6', '18_1', '18_2']);
      return {
        userAgent: `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.replace('_', '.')} Mobile/15E148 Safari/604.1`,
        fingerprint: fingerprintOf(`ios-${v}`),
      };
    }
    default: {
      const v = rng.pick(CHROME);
      return {
        userAgent: `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Mobile Safari/537.36`,
        fingerprint: fingerprintOf(`chromium-android-${v}`),
      };
    }
  }
}

/** SDKs and HTTP libraries programs call the API with; weights follow how common each is. */
const SDKS: readonly (readonly [string, string, number])[] = [
  ['ModelAPI/Python 1.41.2', 'openssl3-cpython311', 20],
  ['ModelAPI/Python 1.43.0', 'openssl3-cpython312', 16],
  ['ModelAPI/Node 0.33.1', 'node20-boringssl', 12],
  ['ModelAPI/Node 0.35.0', 'node22-boringssl', 8],
  ['python-httpx/0.27.2', 'openssl3-cpython311', 8],
  ['python-requests/2.32.3', 'openssl3-cpython310', 7],
  ['axios/1.7.7', 'node20-boringssl', 5],
  ['node-fetch/3.3.2', 'node18-openssl', 3],
  ['Go-http-client/2.0', 'go1.22-crypto-tls', 5],
  ['okhttp/4.12.0', 'jvm17-conscrypt', 3],
  ['curl/8.5.0', 'curl-openssl3', 3],
  ['langchain-core/0.3.21 ModelAPI/Python 1.41.2', 'openssl3-cpython311', 6],
  ['PostmanRuntime/7.42.0', 'node18-openssl', 2],
  ['ModelAPI/Java 2.4.0', 'jvm21-sunjsse', 2],
];

export function sdkClient(rng: Random): Client {
  const [userAgent, stack] = rng.weighted(SDKS.map((s) => [[s[0], s[1]] as const, s[2]] as const));
  return { userAgent, fingerprint: fingerprintOf(stack) };
}

/** A popular SDK's User-Agent that an operator may copy while its own TLS stack shows through. */
export function popularSdkAgent(rng: Random): string {
  return rng.pick(SDKS.slice(0, 6))[0];
}
