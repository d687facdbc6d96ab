import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../lib/alerts';
import type { Store } from '../../lib/store';
import { eventually } from '../helpers/prometheusTools';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { freePort } from '../helpers/server';
import {
  engineFor,
  freshDataDir,
  openTestStore,
  STAGING_AGREES,
  STAGING_MISMATCH,
  SUMMARY,
} from './harness';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SECRET = 'receiver-shared-secret-0123456789';
const HOOK = [
  { name: 'hook', kind: 'webhook' as const, url: 'env:HOOK_URL', secret: 'env:HOOK_SECRET' },
];

/** What a receiver does with the documented headers (docs/alerts.md). */
function verifies(headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const timestamp = String(headers[TIMESTAMP_HEADER]);
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(String(headers[SIGNATURE_HEADER]));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhook delivery', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp(port?: number): Promise<{ store: Store; dataDir: string; url: string }> {
    const dataDir = freshDataDir();
    const store = await openTestStore(dataDir);
    cleanup.push(
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => store.close(),
    );
    const url = `http://127.0.0.1:${port ?? (await freePort())}/hooks/T0SECRETPATH`;
    return { store, dataDir, url };
  }

  async function startWatched(port?: number): Promise<Receiver> {
    const receiver = await startReceiver(port);
    cleanup.push(() => receiver.close());
    return receiver;
  }

  it('signs each notification so the receiver can verify it', async () => {
    const receiver = await startWatched();
    const { store } = await setUp();
    const engine = engineFor(
      store,
      HOOK,
      { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: SECRET },
      { for: '0s' },
    );
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    await engine.tick();
    const [request] = await eventually(
      async () => receiver.received.length > 0 && receiver.received,
      5000,
      'the webhook',
    );
    expect(verifies(request!.headers, request!.body)).toBe(true);
    expect(verifies({ ...request!.headers, [TIMESTAMP_HEADER]: '1' }, request!.body)).toBe(false);
    expect(JSON.parse(request!.body)).toMatchObject({
      key: 'staging/fleet_mismatch/access-token',
      transition: 'firing',
      summary: SUMMARY,
    });
  });

  it('delivers firing then resolved, in order, after the receiver was down for a while', async () => {
    const port = await freePort();
    const { store, url } = await setUp(port);
    const engine = engineFor(store, HOOK, { HOOK_URL: url, HOOK_SECRET: SECRET }, { for: '0s' });
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    await engine.tick();
    await store.fingerprints.record(STAGING_AGREES, Date.now());
    await engine.tick();
    // Down: nothing listens on the port; the worker backs off between attempts.
    const downUntil = Date.now() + 2500;
    while (Date.now() < downUntil) {
      await engine.delivery.run();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [waiting] = await store.alerts.deliveries(['staging/fleet_mismatch/access-token']);
    expect(waiting!.status).toBe('pending');
    const firingRow = (await store.alerts.due(Number.MAX_SAFE_INTEGER))[0]!;
    expect(firingRow.attempts).toBeGreaterThanOrEqual(2);
    expect(firingRow.lastResult).toBe('ECONNREFUSED');

    const receiver = await startWatched(port);
    await eventually(
      async () => {
        await engine.delivery.run();
        return receiver.received.length >= 2;
      },
      20_000,
      'both notifications',
    );
    const bodies = receiver.received.map(
      (request) => JSON.parse(request.body) as { key: string; transition: string },
    );
    expect(bodies.map((body) => body.transition)).toEqual(['firing', 'resolved']);
    expect(receiver.received.every((request) => verifies(request.headers, request.body))).toBe(
      true,
    );
    expect(await store.alerts.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('resumes after authscope is SIGKILLed mid-delivery, and the notification arrives', async () => {
    const receiver = await startWatched();
    const { store, dataDir } = await setUp();
    const env = { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: SECRET };
    const engine = engineFor(store, HOOK, env, { for: '0s' });
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    await engine.evaluate(); // the transition and its outbox row are committed; nothing sent yet

    receiver.respond = () => 'hang';
    const first = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        path.join(HERE, 'fixtures/deliverOnce.ts'),
      ],
      { env: { ...process.env, ...env, AUTHSCOPE_DATA_DIR: dataDir }, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.on('exit', (_code, signal) => resolve(signal)),
    );
    await eventually(async () => receiver.received.length === 1, 20_000, 'the request in flight');
    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect((await store.alerts.due(Number.MAX_SAFE_INTEGER)).map((entry) => entry.status)).toEqual([
      'pending',
    ]);

    receiver.respond = () => 200;
    const second = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        path.join(HERE, 'fixtures/deliverOnce.ts'),
      ],
      {
        env: { ...process.env, ...env, AUTHSCOPE_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    second.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => second.on('exit', resolve));
    expect(output).toContain('delivered 1');
    // The receiver saw the same notification twice; the key lets it collapse them.
    const keys = receiver.received.map(
      (request) => (JSON.parse(request.body) as { key: string }).key,
    );
    expect(keys).toEqual([
      'staging/fleet_mismatch/access-token',
      'staging/fleet_mismatch/access-token',
    ]);
    const [row] = await store.alerts.deliveries(['staging/fleet_mismatch/access-token']);
    expect(row).toMatchObject({ status: 'delivered', lastResult: 'HTTP 200' });
  });
});
