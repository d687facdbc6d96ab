import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import {
  failureIds,
  openSse,
  type SseConnection,
  type SseEvent,
} from '../fixtures/failures/sseClient';
import { specFixture } from '../helpers/fixtures';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/postgres';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SAMPLE = specFixture('failure-websocket-validation.json');

describe.skipIf(!PG_URL)('two replicas sharing one PostgreSQL database', () => {
  let setup: FailureServerSetup;
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const open: SseConnection[] = [];

  beforeAll(async () => {
    setup = failureServerSetup();
    database = await createTestDatabase();
    // Started together: both migrate the fresh database at the same time.
    [a, b] = await Promise.all([
      startServer({ ...setup.env, DATABASE_URL: database.url }),
      startServer({ ...setup.env, DATABASE_URL: database.url }),
    ]);
  });

  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  async function ingest(server: RunningServer, service = 'backend-websocket'): Promise<string> {
    const response = await postJson(
      `${server.url}/api/v1/failures`,
      { service, environment: 'staging', payload: SAMPLE },
      setup.all,
    );
    expect(response.status).toBe(202);
    return (await response.json()).ids[0];
  }

  const carrying = (id: string) => (event: SseEvent) =>
    event.event === 'failure' && failureIds(event).includes(id);

  it('both say the store is postgres', async () => {
    for (const server of [a, b])
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({
        status: 'ok',
        store: 'postgres',
      });
  });

  it('streams on B a failure ingested on A', async () => {
    const before = await ingest(a);
    const stream = await openSse(`${b.url}/api/v1/stream`, { 'last-event-id': '0'.repeat(16) });
    open.push(stream);
    expect(stream.status).toBe(200);
    // Replayed from B's store: once it is here, B's stream is live.
    await stream.waitFor(carrying(before));

    const id = await ingest(a);
    const event = await stream.waitFor(carrying(id));
    expect(event.id!.split('.')[0]).toBe(id.padStart(16, '0'));
  });

  it('lists on A a failure ingested on B', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const id = await ingest(b, service);
    const list = await (await fetch(`${a.url}/api/v1/failures?service=${service}`)).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const detail = await (await fetch(`${a.url}/api/v1/failures/${id}`)).json();
    expect(detail).toMatchObject({
      id,
      service,
      environment: 'staging',
      error_code: 'VALIDATION_FAILED',
    });
    expect(detail.raw).toEqual({ service, environment: 'staging', payload: SAMPLE });
  });

  it('gives every failure one id whichever replica took it', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => ingest(i % 2 ? a : b)));
    expect(new Set(ids).size).toBe(20);
  });
});
