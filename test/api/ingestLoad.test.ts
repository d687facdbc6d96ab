import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { failureServerSetup } from '../fixtures/failures/serverConfig';
import { specFixture } from '../helpers/fixtures';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SAMPLE = specFixture('failure-websocket-validation.json');

/** The user stored for each seq, read from the SQLite file itself. */
function storedUsers(dataDir: string): Map<string, string | null> {
  const db = new BetterSqlite3(path.join(dataDir, 'authscope.db'), { readonly: true });
  try {
    const rows = db.prepare('select seq, user_name from failures').all() as Array<{
      seq: number;
      user_name: string | null;
    }>;
    return new Map(rows.map((row) => [String(row.seq), row.user_name]));
  } finally {
    db.close();
  }
}

describe('ingest under load, through the machine path', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('keeps every event it answered 202 for when killed at full rate (64 concurrent posts)', async () => {
    const setup = failureServerSetup();
    const first = await startServer(setup.env);
    servers.push(first);
    const acknowledged = new Map<string, string>();
    const unexpected: number[] = [];
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < 2000) {
        const marker = `load-${next++}`;
        try {
          const response = await postJson(
            `${first.url}/api/v1/failures`,
            { service: 'load-probe', environment: 'staging', user: marker, payload: SAMPLE },
            setup.all,
          );
          if (response.status === 202) acknowledged.set((await response.json()).ids[0], marker);
          else unexpected.push(response.status);
        } catch {
          // Refused or reset by the kill: not acknowledged, so not owed.
        }
        if (!killed && acknowledged.size >= 600) {
          killed = true;
          process.kill(first.pid, 'SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 64 }, sender));
    await first.stop();
    expect(killed).toBe(true);
    expect(unexpected).toEqual([]);

    const second = await startServer({ ...setup.env, AUTHSCOPE_DATA_DIR: first.dataDir });
    servers.push(second);
    const stored = storedUsers(first.dataDir);
    const missing = [...acknowledged].filter(([id, marker]) => stored.get(id) !== marker);
    expect(missing).toEqual([]);
  }, 120_000);

  it('answers 429 with Retry-After past the backlog bound, and keeps exactly what it answered 202 for', async () => {
    const setup = failureServerSetup();
    const server = await startServer({ ...setup.env, AUTHSCOPE_INGEST_MAX_PENDING: '2' });
    servers.push(server);
    // Two uploads that have sent their headers and part of their body hold the two slots.
    const held = [0, 1].map((index) =>
      slowUpload(server.url, setup.all, {
        service: 'flood-probe',
        environment: 'staging',
        user: `held-${index}`,
        payload: SAMPLE,
      }),
    );
    await Promise.all(held.map((upload) => upload.started));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const refused = await Promise.all(
      [0, 1, 2].map((index) =>
        postJson(
          `${server.url}/api/v1/failures`,
          {
            service: 'flood-probe',
            environment: 'staging',
            user: `refused-${index}`,
            payload: SAMPLE,
          },
          setup.all,
        ),
      ),
    );
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await response.json()).error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringContaining('backlog'),
      });
    }

    const finished = await Promise.all(held.map((upload) => upload.finish()));
    expect(finished.map((answer) => answer.status)).toEqual([202, 202]);
    const after = await postJson(
      `${server.url}/api/v1/failures`,
      { service: 'flood-probe', environment: 'staging', user: 'after', payload: SAMPLE },
      setup.all,
    );
    expect(after.status).toBe(202);

    const stored = [...storedUsers(server.dataDir).values()].filter((user) => user !== null).sort();
    expect(stored).toEqual(['after', 'held-0', 'held-1']);
  });
});

/** A POST whose body is sent in two parts: the first now, the rest when `finish` is called. */
function slowUpload(url: string, headers: Record<string, string>, event: unknown) {
  const body = Buffer.from(JSON.stringify(event));
  const outgoing = http.request(`${url}/api/v1/failures`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    outgoing.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.on('error', reject);
  });
  const started = new Promise<void>((resolve) =>
    outgoing.write(body.subarray(0, 10), () => resolve()),
  );
  return {
    started,
    finish: () => {
      outgoing.end(body.subarray(10));
      return answer;
    },
  };
}
