// POST /api/v1/inspect with 1,000 mixed keys where the last one verifies, beside the same
// signature check done with raw node:crypto over the same keys. Goal: p99 < 25 ms.
import {
  createHmac,
  generateKeyPairSync,
  randomBytes,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { postJson, startServer } from '../test/helpers/server';
import { ms, summarize } from './stats';

const TOTAL_KEYS = 1000;
const ITERATIONS = 300;

type BenchKey =
  | { kind: 'oct'; secret: Buffer }
  | { kind: 'EC' | 'OKP' | 'RSA'; publicKey: KeyObject; privateKey: KeyObject };

function makeKeys(): BenchKey[] {
  const keys: BenchKey[] = [];
  for (let i = 0; i < TOTAL_KEYS - 1; i++) {
    const slot = i % 10;
    if (slot < 4) keys.push({ kind: 'oct', secret: randomBytes(32) });
    else if (slot < 7)
      keys.push({ kind: 'EC', ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) });
    else if (slot < 9) keys.push({ kind: 'OKP', ...generateKeyPairSync('ed25519') });
    else if (i % 50 === 9)
      keys.push({ kind: 'RSA', ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });
    else keys.push({ kind: 'oct', secret: randomBytes(32) });
  }
  keys.push({ kind: 'oct', secret: randomBytes(32) }); // the signer, last in the keyring
  return keys;
}

export async function benchInspect(): Promise<void> {
  console.log(`\n## inspect: ${TOTAL_KEYS} mixed keys, the last one verifies`);
  const keys = makeKeys();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-bench-'));
  const env: Record<string, string> = {};
  const config = {
    environments: ['production'],
    keys: keys.map((key, index) => {
      const id = `key-${index}`;
      if (key.kind === 'oct') {
        env[`BENCH_SECRET_${index}`] = key.secret.toString('hex');
        return {
          id,
          environment: 'production',
          from: `env:BENCH_SECRET_${index}`,
          encoding: 'hex',
        };
      }
      return { id, environment: 'production', jwk: key.publicKey.export({ format: 'jwk' }) };
    }),
  };
  writeFileSync(path.join(dir, 'authscope.json'), JSON.stringify(config));
  const counts = keys.reduce<Record<string, number>>(
    (tally, key) => ({ ...tally, [key.kind]: (tally[key.kind] ?? 0) + 1 }),
    {},
  );
  console.log(
    `keys: ${Object.entries(counts)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ')}`,
  );

  const server = await startServer({ ...env, AUTHSCOPE_CONFIG: path.join(dir, 'authscope.json') });
  try {
    const signer = keys[keys.length - 1] as Extract<BenchKey, { kind: 'oct' }>;
    const hsToken = await new SignJWT({ sub: 'bench' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signer.secret);
    const lastEc = [...keys].reverse().find((key) => key.kind === 'EC') as {
      kind: 'EC';
      publicKey: KeyObject;
      privateKey: KeyObject;
    };
    const esToken = await new SignJWT({ sub: 'bench' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(lastEc.privateKey);

    for (const [label, token, expected] of [
      ['HS256, last oct key', hsToken, `key-${keys.length - 1}`],
      ['ES256, last EC key', esToken, `key-${keys.indexOf(lastEc)}`],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < ITERATIONS + 20; i++) {
        const started = performance.now();
        const response = await postJson(`${server.url}/api/v1/inspect`, { token });
        const report = await response.json();
        if (i >= 20) samples.push(performance.now() - started);
        if (report.verified_by?.[0] !== expected)
          throw new Error(`expected ${expected}, got ${JSON.stringify(report.verified_by)}`);
      }
      const http = summarize(samples);
      const raw = summarize(rawCheck(token, keys));
      console.log(
        `${label}: HTTP p50 ${ms(http.p50)}, p99 ${ms(http.p99)} (goal p99 < 25 ms) | raw node:crypto over the same keys p50 ${ms(raw.p50)}, p99 ${ms(raw.p99)}`,
      );
    }
  } finally {
    await server.stop();
  }
}

/** The floor: verify the signature with node:crypto against every key of the fitting type. */
function rawCheck(token: string, keys: BenchKey[]): number[] {
  const [header, payload, signature] = token.split('.');
  const alg = JSON.parse(Buffer.from(header, 'base64url').toString()).alg as string;
  const input = Buffer.from(`${header}.${payload}`);
  const expected = Buffer.from(signature, 'base64url');
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    let found = -1;
    keys.forEach((key, index) => {
      if (alg === 'HS256' && key.kind === 'oct') {
        const mac = createHmac('sha256', key.secret).update(input).digest();
        if (timingSafeEqual(mac, expected)) found = index;
      } else if (alg === 'ES256' && key.kind === 'EC') {
        if (verify('sha256', input, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, expected))
          found = index;
      }
    });
    samples.push(performance.now() - started);
    if (found < 0) throw new Error('raw check found no key');
  }
  return samples;
}
