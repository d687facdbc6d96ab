import { createSign, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FailureReason } from '../../../lib/jwt';
import type { Keyring } from '../../../lib/keys';
import { loadTestKeyring } from '../keys/testKeyring';
import { codesOf, inspectAt, NOW_S } from './inspectAt';

const generate = promisify(generateKeyPair);

const ALGS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
type Alg = (typeof ALGS)[number];
type Kind = 'oct' | 'RSA' | 'EC' | 'OKP';

const EC_CURVES = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' } as const;
const NODE_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' } as const;
const ENVIRONMENTS = ['development', 'staging', 'production'];

/** What the test knows about each configured key, to predict its verification row. */
interface TestKey {
  id: string;
  kind: Kind;
  crv?: string;
  alg?: string;
  kid?: string;
}

function kindOf(alg: Alg): { kind: Kind; crv?: string } {
  if (alg.startsWith('HS')) return { kind: 'oct' };
  if (alg.startsWith('RS') || alg.startsWith('PS')) return { kind: 'RSA' };
  if (alg in EC_CURVES) return { kind: 'EC', crv: EC_CURVES[alg as keyof typeof EC_CURVES] };
  return { kind: 'OKP', crv: 'Ed25519' };
}

/** A key is tried only for algorithms of its type (and curve). */
function fits(key: TestKey, alg: Alg): boolean {
  const wanted = kindOf(alg);
  return key.kind === wanted.kind && (wanted.crv === undefined || key.crv === wanted.crv);
}

const isEd = (alg: string) => alg === 'EdDSA' || alg === 'Ed25519';

/** A decoy that fits the token's type: pinned to another alg, another kid, or simply another key. */
function expectedReason(key: TestKey, alg: Alg, tokenKid: string | undefined): FailureReason {
  if (key.alg && key.alg !== alg && !(isEd(key.alg) && isEd(alg))) return 'alg_mismatch';
  if (tokenKid !== undefined && key.kid !== undefined && key.kid !== tokenKid)
    return 'kid_mismatch';
  return 'bad_signature';
}

interface Signer {
  id: string;
  kid: string;
  key: KeyObject | Uint8Array;
}

const keys: TestKey[] = [];
const configKeys: Array<Record<string, unknown>> = [];
const env: Record<string, string> = {};
const files: Record<string, string> = {};
const signers = {} as Record<Alg, Signer>;
const outsiders = {} as Record<Kind | 'P-256' | 'P-384' | 'P-521', KeyObject | Uint8Array>;
let keyring: Keyring;

function addOct(
  id: string,
  secret: Buffer,
  index: number,
  options: { kid?: string; alg?: string; viaFile: boolean },
) {
  const environment = ENVIRONMENTS[index % 3];
  if (options.viaFile) {
    files[`${id}.jwk`] = JSON.stringify({
      kty: 'oct',
      k: secret.toString('base64url'),
      kid: options.kid,
      alg: options.alg,
    });
    configKeys.push({ id, environment, from: `file:${id}.jwk` });
  } else {
    const encoding = (['base64', 'base64url', 'hex'] as const)[index % 3];
    const variable = `SECRET_${id.replace(/-/g, '_').toUpperCase()}`;
    env[variable] = secret.toString(encoding);
    configKeys.push({
      id,
      environment,
      from: `env:${variable}`,
      encoding,
      ...(options.alg ? { alg: options.alg } : {}),
    });
  }
  keys.push({ id, kind: 'oct', kid: options.kid, alg: options.alg });
}

function addPublic(
  id: string,
  publicKey: KeyObject,
  index: number,
  options: { kid?: string; alg?: string; pinInJwk?: boolean },
) {
  const jwk = {
    ...publicKey.export({ format: 'jwk' }),
    ...(options.kid ? { kid: options.kid } : {}),
  };
  const spec = {
    id,
    environment: ENVIRONMENTS[index % 3],
    jwk: options.pinInJwk && options.alg ? { ...jwk, alg: options.alg } : jwk,
  };
  configKeys.push(options.alg && !options.pinInJwk ? { ...spec, alg: options.alg } : spec);
  const { kty, crv } = jwk as { kty: Kind; crv?: string };
  keys.push({ id, kind: kty, crv, kid: options.kid, alg: options.alg });
}

const rsaKey = () => generate('rsa', { modulusLength: 2048 });
const ecKey = (crv: keyof typeof NODE_CURVE) => generate('ec', { namedCurve: NODE_CURVE[crv] });
const edKey = () => generate('ed25519');

type Pair = { publicKey: KeyObject; privateKey: KeyObject };

/** 290 decoys: pinned to another alg, holding another kid, or simply another key of each type. */
async function addDecoys(rsaPairs: Pair[]) {
  const RSA_PINS = ['PS256', 'RS384', 'PS512', 'RS256', 'PS384'];
  rsaPairs.forEach((pair, i) => {
    const kid = i % 4 === 1 || i % 4 === 3 ? `rsa-decoy-${i}` : undefined;
    const alg = i % 4 >= 2 ? RSA_PINS[i % RSA_PINS.length] : undefined;
    addPublic(`decoy-rsa-${i}`, pair.publicKey, i, { kid, alg, pinInJwk: i % 4 === 3 });
  });

  const HS_PINS = ['HS256', 'HS384', 'HS512'];
  for (let i = 0; i < 120; i++) {
    const alg = i % 3 === 0 ? HS_PINS[(i / 3) % 3] : undefined;
    addOct(`decoy-oct-${i}`, randomBytes(64), i, {
      viaFile: i % 2 === 0,
      kid: i % 4 === 0 ? `oct-decoy-${i}` : undefined,
      alg,
    });
  }

  for (const crv of ['P-256', 'P-384', 'P-521'] as const) {
    const pairs = await Promise.all(Array.from({ length: 30 }, () => ecKey(crv)));
    const alg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[crv];
    pairs.forEach((pair, i) =>
      addPublic(`decoy-ec-${crv}-${i}`, pair.publicKey, i, {
        kid: i % 2 ? `ec-decoy-${crv}-${i}` : undefined,
        alg: i % 3 === 0 ? alg : undefined,
      }),
    );
  }

  const edPairs = await Promise.all(Array.from({ length: 60 }, edKey));
  edPairs.forEach((pair, i) => {
    addPublic(`decoy-okp-${i}`, pair.publicKey, i, {
      kid: i % 2 ? `okp-decoy-${i}` : undefined,
      alg: [undefined, 'EdDSA', 'Ed25519'][i % 3],
    });
  });
}

/** One signer per algorithm, pinned to it, with its own kid. */
async function addSigners(rsaPairs: Pair[]) {
  let nextRsa = 0;
  for (const [index, alg] of ALGS.entries()) {
    const id = `signer-${alg}`;
    const { kind, crv } = kindOf(alg);
    if (kind === 'oct') {
      const secret = randomBytes(64);
      addOct(id, secret, index, { viaFile: true, kid: id, alg });
      signers[alg] = { id, kid: id, key: new Uint8Array(secret) };
      continue;
    }
    const pair =
      kind === 'RSA'
        ? rsaPairs[nextRsa++]
        : kind === 'EC'
          ? await ecKey(crv as keyof typeof NODE_CURVE)
          : await edKey();
    addPublic(id, pair.publicKey, index, { kid: id, alg });
    signers[alg] = { id, kid: id, key: pair.privateKey };
  }
}

beforeAll(async () => {
  // RSA key generation is slow: 20 decoys, 6 signers and 1 outsider, generated in parallel once.
  const rsaPairs = await Promise.all(Array.from({ length: 27 }, rsaKey));
  await addDecoys(rsaPairs.slice(0, 20));
  await addSigners(rsaPairs.slice(20, 26));
  outsiders.RSA = rsaPairs[26].privateKey;
  outsiders.oct = randomBytes(64);
  outsiders.OKP = (await edKey()).privateKey;
  for (const crv of ['P-256', 'P-384', 'P-521'] as const)
    outsiders[crv] = (await ecKey(crv)).privateKey;

  ({ keyring } = await loadTestKeyring({ keys: configKeys, env, files }));
  expect(keyring.keys()).toHaveLength(keys.length);
});

function signWith(alg: Alg, key: KeyObject | Uint8Array, kid?: string): Promise<string> {
  return new SignJWT({ sub: 'user-1', iat: NOW_S - 60, exp: NOW_S + 3600 })
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .sign(key);
}

const outsiderFor = (alg: Alg) => {
  const { kind, crv } = kindOf(alg);
  return kind === 'EC' ? outsiders[crv as 'P-256'] : outsiders[kind];
};

type Row = [keyId: string, verified: boolean, reason: FailureReason | null];
const byKeyId = (a: Row, b: Row) => a[0].localeCompare(b[0]);

describe('verification: every algorithm among ~300 decoy keys', () => {
  it('has a few hundred keys of every type', () => {
    const count = (kind: Kind) => keys.filter((key) => key.kind === kind).length;
    expect(keys.length).toBeGreaterThanOrEqual(300);
    expect([count('oct'), count('RSA'), count('EC'), count('OKP')]).toEqual([123, 26, 93, 62]);
  });

  it.each(ALGS)(
    'names exactly the %s signer, and says why each decoy of its type did not verify',
    async (alg) => {
      const signer = signers[alg];
      const report = await inspectAt(await signWith(alg, signer.key, signer.kid), keyring);

      expect(report.verified_by).toEqual([signer.id]);
      const actual = report.verification.map((row): Row => [row.key_id, row.verified, row.reason]);
      const expected = keys
        .filter((key) => fits(key, alg))
        .map((key): Row =>
          key.id === signer.id
            ? [key.id, true, null]
            : [key.id, false, expectedReason(key, alg, signer.kid)],
        );
      expect(actual.sort(byKeyId)).toEqual(expected.sort(byKeyId));

      const reasons = new Set(report.verification.map((row) => row.reason));
      expect(reasons).toContain('bad_signature');
      expect(reasons).toContain('kid_mismatch');
      if (/^(HS|RS|PS)/.test(alg)) expect(reasons).toContain('alg_mismatch');
      expect(codesOf(report)).not.toContain('no_key_verifies');
      expect(codesOf(report)).not.toContain('kid_unknown');
    },
  );

  it.each(ALGS)('never tries keys of another type for %s', async (alg) => {
    const signer = signers[alg];
    const report = await inspectAt(await signWith(alg, signer.key, signer.kid), keyring);
    const triedIds = new Set(report.verification.map((row) => row.key_id));
    const otherType = keys.filter((key) => !fits(key, alg));
    expect(otherType.length).toBeGreaterThan(100);
    expect(otherType.filter((key) => triedIds.has(key.id))).toEqual([]);
  });

  it.each(ALGS)('reports no kid_mismatch for a %s token without a kid', async (alg) => {
    const report = await inspectAt(await signWith(alg, signers[alg].key), keyring);
    expect(report.verified_by).toEqual([signers[alg].id]);
    expect(report.verification.filter((row) => row.reason === 'kid_mismatch')).toEqual([]);
  });

  it.each(ALGS)('finds no signer for a %s token from a key outside the keyring', async (alg) => {
    const report = await inspectAt(await signWith(alg, outsiderFor(alg)), keyring);
    expect(report.verified_by).toEqual([]);
    expect(report.verification.length).toBeGreaterThan(0);
    expect(report.verification.every((row) => !row.verified)).toBe(true);
    expect(codesOf(report)).toContain('no_key_verifies');
  });
});

describe('verification: what jose refuses', () => {
  it('reports a 1024-bit RSA key that did sign the token as rejected, not verified', async () => {
    const weak = await generate('rsa', { modulusLength: 1024 });
    const { keyring: small } = await loadTestKeyring({
      keys: [
        {
          id: 'legacy-rsa-1024',
          environment: 'production',
          jwk: weak.publicKey.export({ format: 'jwk' }),
        },
      ],
    });
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const signature = createSign('sha256')
      .update(token)
      .sign(weak.privateKey)
      .toString('base64url');
    const report = await inspectAt(`${token}.${signature}`, small);
    expect(report.verification).toEqual([
      expect.objectContaining({ key_id: 'legacy-rsa-1024', verified: false, reason: 'rejected' }),
    ]);
    expect(report.verified_by).toEqual([]);
  });
});
