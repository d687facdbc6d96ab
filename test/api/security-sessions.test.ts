import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialOf } from '../fixtures/security/rawHttp';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SESSION_SECRET = credentialOf('session-secret', 48);
const ALICE = credentialOf('viewer-alice');
const BOB = credentialOf('viewer-bob');

describe('sessions end on the server', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-sessions-'));
  const dataDir = path.join(dir, 'data');
  let server: RunningServer;

  /** A config naming these viewers, each read from VIEWER_<NAME>. */
  const configWith = (viewers: string[]) => {
    const file = path.join(dir, `authscope-${viewers.join('-') || 'none'}-${Date.now()}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        viewers: viewers.map((name) => ({ name, from: `env:VIEWER_${name.toUpperCase()}` })),
      }),
    );
    return file;
  };
  const start = (viewers: string[], tokens: Record<string, string>) =>
    startServer({
      AUTHSCOPE_CONFIG: configWith(viewers),
      AUTHSCOPE_DATA_DIR: dataDir,
      AUTHSCOPE_SESSION_SECRET: SESSION_SECRET,
      AUTHSCOPE_RATE_SIGN_IN: '1000/s',
      ...tokens,
    });
  const restart = async (viewers: string[], tokens: Record<string, string>) => {
    await server.stop();
    server = await start(viewers, tokens);
  };
  const signIn = async (token: string) => {
    const response = await postJson(`${server.url}/api/session`, { token });
    expect(response.status).toBe(200);
    return /authscope_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
  };
  const keysWith = async (cookie: string) =>
    (await fetch(`${server.url}/api/v1/keys`, { headers: { cookie } })).status;

  beforeAll(async () => {
    server = await start(['alice', 'bob'], { VIEWER_ALICE: ALICE, VIEWER_BOB: BOB });
  });
  afterAll(() => server?.stop());

  it('refuses a cookie replayed after DELETE /api/session', async () => {
    const cookie = await signIn(ALICE);
    expect(await keysWith(cookie)).toBe(200);
    const signOut = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie, origin: server.url },
    });
    expect(signOut.status).toBe(200);
    expect(await keysWith(cookie)).toBe(401);
  });

  it('refuses a cookie replayed after the sign-out form', async () => {
    const cookie = await signIn(ALICE);
    expect(await keysWith(cookie)).toBe(200);
    const signOut = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'sign-out' }),
      redirect: 'manual',
    });
    expect(signOut.status).toBe(303);
    expect(await keysWith(cookie)).toBe(401);
  });

  it('ends the sessions of a viewer removed from the config, and keeps the others', async () => {
    const alice = await signIn(ALICE);
    const bob = await signIn(BOB);
    await restart(['alice'], { VIEWER_ALICE: ALICE });
    expect(await keysWith(bob)).toBe(401);
    expect(await keysWith(alice)).toBe(200);
  });

  it('ends the sessions of a viewer whose token changed', async () => {
    const before = await signIn(ALICE);
    const changed = credentialOf('viewer-alice-rotated');
    await restart(['alice'], { VIEWER_ALICE: changed });
    expect(await keysWith(before)).toBe(401);
    expect(await keysWith(await signIn(changed))).toBe(200);
  });
});
