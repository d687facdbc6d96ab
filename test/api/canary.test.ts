import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyFixture, type KeyFixture } from '../helpers/fleetKeys';
import { postJson, startServer, type RunningServer } from '../helpers/server';

let keys: KeyFixture;
let server: RunningServer;
const pastedTokens: string[] = [];
const seen: string[] = [];

beforeAll(async () => {
  keys = await buildKeyFixture();
  server = await startServer(keys.env);
  for (const sign of Object.values(keys.sign)) pastedTokens.push(await sign());
  for (const token of pastedTokens) {
    const response = await postJson(`${server.url}/api/v1/inspect`, { token: `Bearer ${token}` });
    seen.push(await response.text());
  }
  seen.push(await (await postJson(`${server.url}/api/v1/inspect`, { token: 42 })).text());
  for (const page of ['/', '/inspect', '/keys', '/api/v1/keys', '/api/health', '/no-such-page']) {
    seen.push(await (await fetch(`${server.url}${page}`)).text());
  }
});

afterAll(async () => {
  await server?.stop();
  await keys?.jwks.close();
});

describe('canary secrets', () => {
  it('never appear in any API response or page, in any encoding', () => {
    const everything = seen.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const canary of keys.canaries) expect(everything).not.toContain(canary);
  });

  it('never appear in the server log', () => {
    for (const canary of keys.canaries) expect(server.logs()).not.toContain(canary);
  });

  it('pasted tokens are not in the server log', () => {
    for (const token of pastedTokens) {
      expect(server.logs()).not.toContain(token);
      expect(server.logs()).not.toContain(token.split('.')[2]);
    }
  });
});
