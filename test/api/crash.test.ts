import { afterAll, describe, expect, it } from 'vitest';
import { failureServerSetup } from '../fixtures/failures/serverConfig';
import { specFixture } from '../helpers/fixtures';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SAMPLE = specFixture('failure-websocket-validation.json');
const TOTAL = 300;
const KILL_AFTER = 120;
const CONCURRENCY = 8;

describe('a server killed mid-ingest', () => {
  const servers: RunningServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('keeps every failure it answered 202 for (durable before the 202)', async () => {
    const setup = failureServerSetup();
    const first = await startServer(setup.env);
    servers.push(first);

    // id → the marker sent with it, for every request answered 202 with its ids.
    const acknowledged = new Map<string, string>();
    const unexpected: number[] = [];
    let next = 0;
    let refused = 0;
    let killed = false;

    const sender = async () => {
      while (next < TOTAL) {
        const marker = `crash-${next++}`;
        try {
          const response = await postJson(
            `${first.url}/api/v1/failures`,
            { service: 'crash-probe', environment: 'staging', user: marker, payload: SAMPLE },
            setup.all,
          );
          if (response.status !== 202) unexpected.push(response.status);
          else acknowledged.set((await response.json()).ids[0], marker);
        } catch {
          refused++;
        }
        if (!killed && acknowledged.size >= KILL_AFTER) {
          killed = true;
          process.kill(first.pid, 'SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    await first.stop();

    expect(killed).toBe(true);
    expect(unexpected).toEqual([]);
    expect(refused).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startServer({ ...setup.env, AUTHSCOPE_DATA_DIR: first.dataDir });
    servers.push(second);
    const missing: string[] = [];
    const entries = [...acknowledged.entries()];
    for (let start = 0; start < entries.length; start += 25) {
      await Promise.all(
        entries.slice(start, start + 25).map(async ([id, marker]) => {
          const response = await fetch(`${second.url}/api/v1/failures/${id}`);
          const body = response.status === 200 ? await response.json() : null;
          if (body?.user !== marker || body?.service !== 'crash-probe')
            missing.push(`${id} (${marker}): ${response.status}`);
        }),
      );
    }
    expect(missing).toEqual([]);

    const list = await (
      await fetch(`${second.url}/api/v1/failures?service=crash-probe&limit=500`)
    ).json();
    expect(list.items.length).toBeGreaterThanOrEqual(acknowledged.size);
    expect(list.items.length).toBeLessThanOrEqual(TOTAL);
  });
});
