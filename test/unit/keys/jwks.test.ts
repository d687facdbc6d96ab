import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../../lib/keys';
import { codesOf, inspectAt, NOW } from '../inspect/inspectAt';
import { loadTestKeyring } from './testKeyring';

const T0 = NOW.getTime();
const MINUTE = 60_000;

/** A real JWKS endpoint on 127.0.0.1 whose answer and availability each test controls. */
interface JwksServer {
  url: string;
  requests: number;
  answer: { status: number; body: string } | 'hang';
  close(): Promise<void>;
}

const servers: JwksServer[] = [];

async function startJwksServer(body: unknown): Promise<JwksServer> {
  const server: Server = createServer((_request, response) => {
    state.requests++;
    if (state.answer === 'hang') return;
    response
      .writeHead(state.answer.status, { 'content-type': 'application/json' })
      .end(state.answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: JwksServer = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`,
    requests: 0,
    answer: { status: 200, body: JSON.stringify(body) },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(state);
  return state;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface Signer {
  kid: string;
  jwk: JWK;
  privateKey: CryptoKey;
}
let idp1: Signer;
let idp2: Signer;

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  return {
    kid,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' },
    privateKey,
  };
}

const tokenFrom = (from: Signer, kid = from.kid) =>
  new SignJWT({ sub: 'user-1' })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setIssuedAt(T0 / 1000)
    .setExpirationTime(T0 / 1000 + 3600)
    .sign(from.privateKey);

beforeAll(async () => {
  [idp1, idp2] = await Promise.all([signer('idp-1'), signer('idp-2')]);
});

/** A keyring with one jwks: key, on a clock the test moves by hand. */
async function keyringFor(
  url: string,
  options: { refresh?: string; maxBytes?: number; timeoutMs?: number } = {},
) {
  const clock = { now: T0 };
  const { refresh, ...jwks } = options;
  const { keyring } = await loadTestKeyring({
    keys: [
      {
        id: 'idp',
        environment: 'production',
        from: `jwks:${url}`,
        ...(refresh ? { refresh } : {}),
      },
    ],
    jwks: { ...jwks, now: () => clock.now },
  });
  return { keyring, clock };
}

const viewOf = (keyring: Keyring) => keyring.views()[0];

describe('jwks: sources', () => {
  it('fetches the set on start and names the signer of a token by it', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring } = await keyringFor(server.url);
    expect(server.requests).toBe(1);
    expect(viewOf(keyring)).toMatchObject({
      id: 'idp',
      source: `jwks:${server.url}`,
      status: 'ok',
      kind: 'OKP',
      kid: 'idp-1',
      alg: 'EdDSA',
      jwks: { url: server.url, status: 'ok', fetched_at: NOW.toISOString(), error: null },
    });
    expect((await inspectAt(await tokenFrom(idp1), keyring)).verified_by).toEqual(['idp']);
  });

  it('serves from its cache until the TTL has passed, then fetches again', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url, { refresh: '10m' });
    clock.now = T0 + 10 * MINUTE - 1;
    await keyring.refreshRemote();
    expect(server.requests).toBe(1);
    clock.now = T0 + 10 * MINUTE;
    await keyring.refreshRemote();
    expect(server.requests).toBe(2);
    expect(viewOf(keyring).jwks?.fetched_at).toBe(new Date(T0 + 10 * MINUTE).toISOString());
  });

  it('re-fetches for a token with an unknown kid, at most once a minute', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url);
    server.answer = { status: 200, body: JSON.stringify({ keys: [idp1.jwk, idp2.jwk] }) };
    const rotated = await tokenFrom(idp2);

    clock.now = T0 + 30_000;
    const early = await inspectAt(rotated, keyring);
    expect(server.requests).toBe(1);
    expect(early.verified_by).toEqual([]);
    expect(codesOf(early)).toContain('kid_unknown');

    clock.now = T0 + MINUTE;
    const afterAMinute = await inspectAt(rotated, keyring);
    expect(server.requests).toBe(2);
    expect(afterAMinute.verified_by).toEqual(['idp']);
    expect(codesOf(afterAMinute)).not.toContain('kid_unknown');

    const stranger = await tokenFrom(idp2, 'idp-3');
    clock.now = T0 + MINUTE + 59_000;
    await inspectAt(stranger, keyring);
    expect(server.requests).toBe(2);
    clock.now = T0 + 2 * MINUTE;
    await inspectAt(stranger, keyring);
    expect(server.requests).toBe(3);
  });

  // Bug (lib/keys/jwks.ts, refreshForUnknownKid): fetchOnce stamps lastAttempt before it awaits
  // the download, so a concurrent caller is rate-limited and returns without awaiting the
  // in-flight fetch; it verifies against the old keys. Ingest verifies a batch with Promise.all.
  it('names the rotated-in key for every concurrent inspection that waits on the one re-fetch', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url);
    server.answer = { status: 200, body: JSON.stringify({ keys: [idp1.jwk, idp2.jwk] }) };
    const rotated = await tokenFrom(idp2);
    clock.now = T0 + MINUTE;
    const reports = await Promise.all([
      inspectAt(rotated, keyring),
      inspectAt(rotated, keyring),
      inspectAt(rotated, keyring),
    ]);
    expect(server.requests).toBe(2);
    expect(reports.map((report) => report.verified_by)).toEqual([['idp'], ['idp'], ['idp']]);
  });

  it('does not re-fetch for a kid it already has', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url);
    clock.now = T0 + 5 * MINUTE;
    await keyring.refreshRemote('idp-1');
    expect(server.requests).toBe(1);
  });

  it('keeps serving the last good keys, marked stale, when the server goes down', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url, { refresh: '1m' });
    await server.close();
    clock.now = T0 + 2 * MINUTE;
    await keyring.refreshRemote();
    expect(viewOf(keyring)).toMatchObject({
      status: 'stale',
      error: 'JWKS unreachable',
      kid: 'idp-1',
      jwks: {
        status: 'stale',
        fetched_at: NOW.toISOString(),
        last_attempt_at: new Date(T0 + 2 * MINUTE).toISOString(),
      },
    });
    expect((await inspectAt(await tokenFrom(idp1), keyring)).verified_by).toEqual(['idp']);
  });

  it('comes back to ok once the server answers again', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const { keyring, clock } = await keyringFor(server.url, { refresh: '1m' });
    server.answer = { status: 502, body: 'bad gateway' };
    clock.now = T0 + MINUTE;
    await keyring.refreshRemote();
    expect(viewOf(keyring).status).toBe('stale');
    server.answer = { status: 200, body: JSON.stringify({ keys: [idp2.jwk] }) };
    clock.now = T0 + 2 * MINUTE;
    await keyring.refreshRemote();
    expect(viewOf(keyring)).toMatchObject({ status: 'ok', error: null, kid: 'idp-2' });
  });

  it.each([
    ['an HTTP error', { status: 503, body: '{}' }, {}, 'JWKS answered HTTP 503'],
    [
      'an answer that is not JSON',
      { status: 200, body: '<html>login</html>' },
      {},
      'JWKS response is not JSON',
    ],
    [
      'an answer larger than the limit',
      { status: 200, body: JSON.stringify({ keys: [], padding: 'x'.repeat(500) }) },
      { maxBytes: 256 },
      'JWKS response is larger than 256 bytes',
    ],
    ['an empty set', { status: 200, body: '{"keys":[]}' }, {}, 'the key set is empty'],
  ])('has no keys and says why after %s', async (_case, answer, options, error) => {
    const server = await startJwksServer({});
    server.answer = answer;
    const { keyring } = await keyringFor(server.url, options);
    expect(keyring.keys()).toEqual([]);
    expect(viewOf(keyring)).toMatchObject({
      status: 'error',
      error,
      kind: null,
      fingerprint: null,
      jwks: { status: 'error', fetched_at: null },
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    const server = await startJwksServer({});
    server.answer = 'hang';
    const { keyring } = await keyringFor(server.url, { timeoutMs: 200 });
    expect(viewOf(keyring)).toMatchObject({
      status: 'error',
      error: 'JWKS no answer within 200 ms',
    });
  });

  it('says so when nothing listens at the URL', async () => {
    const server = await startJwksServer({});
    await server.close();
    const { keyring } = await keyringFor(server.url);
    expect(viewOf(keyring)).toMatchObject({ status: 'error', error: 'JWKS unreachable' });
  });

  it('lists the keys of the set it could not use, and ignores encryption keys', async () => {
    const server = await startJwksServer({
      keys: [idp1.jwk, { kty: 'XYZ', kid: 'odd' }, { ...idp2.jwk, use: 'enc' }],
    });
    const { keyring } = await keyringFor(server.url);
    expect(keyring.views().map((view) => view.kid)).toEqual(['idp-1']);
    expect(viewOf(keyring).jwks?.skipped).toEqual(['keys[1]: unsupported JWK kty "XYZ"']);
  });

  it('never shows credentials or a query string from the URL', async () => {
    const server = await startJwksServer({ keys: [idp1.jwk] });
    const secretUrl =
      server.url.replace('http://', 'http://svc:hunter2@') + '?access_token=tok-123';
    const { keyring } = await keyringFor(secretUrl);
    const shown = JSON.stringify(keyring.views());
    expect(viewOf(keyring).source).toBe(`jwks:${server.url}`);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('tok-123');
  });
});
