import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import {
  failureIds,
  openSse,
  type SseConnection,
  type SseEvent,
} from '../fixtures/failures/sseClient';
import { specFixture } from '../helpers/fixtures';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SAMPLE = specFixture('failure-websocket-validation.json');
const START = '0'.repeat(16);

describe('GET /api/v1/stream against the real server', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;
  const open: SseConnection[] = [];

  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
  });

  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function ingest(...messages: string[]): Promise<string[]> {
    const events = messages.map((message) => ({
      service: 'backend-websocket',
      environment: 'staging',
      payload: { ...SAMPLE, error_message: message },
    }));
    const response = await postJson(`${server.url}/api/v1/failures`, { events }, setup.all);
    expect(response.status).toBe(202);
    return (await response.json()).ids;
  }

  async function connect(lastEventId?: string): Promise<SseConnection> {
    const connection = await openSse(
      `${server.url}/api/v1/stream`,
      lastEventId ? { 'last-event-id': lastEventId } : {},
    );
    open.push(connection);
    expect(connection.status).toBe(200);
    expect(connection.contentType).toMatch(/^text\/event-stream/);
    return connection;
  }

  const carrying = (id: string) => (event: SseEvent) =>
    event.event === 'failure' && failureIds(event).includes(id);
  const receivedIds = (connection: SseConnection) =>
    connection.events.filter((event) => event.event === 'failure').flatMap(failureIds);

  it('sends a failure committed while connected as an `event: failure`, with its cursor as the id', async () => {
    const [before] = await ingest('before connecting');
    const stream = await connect(START);
    // Replayed from the start: once it is here, the stream is live.
    await stream.waitFor(carrying(before));

    const [id] = await ingest('while connected');
    const event = await stream.waitFor(carrying(id));
    expect(event.id).toMatch(/^\d{16}\.\d{16}$/);
    expect(event.id!.split('.')[0]).toBe(id.padStart(16, '0'));
    const item = (event.data as { items: Array<Record<string, unknown>> }).items.find(
      (candidate) => candidate.id === id,
    );
    expect(item).toMatchObject({
      id,
      environment: 'staging',
      service: 'backend-websocket',
      error_code: 'VALIDATION_FAILED',
      error_message: 'while connected',
      websocket_protocol_present: false,
    });
  });

  it('sends only what was committed after connecting when there is no Last-Event-ID', async () => {
    const [earlier] = await ingest('earlier');
    const stream = await connect();
    const [later] = await ingest('later');
    await stream.waitFor(carrying(later));
    expect(receivedIds(stream)).toEqual([later]);
    expect(receivedIds(stream)).not.toContain(earlier);
  });

  it('delivers every event of a batch, in commit order', async () => {
    const [first] = await ingest('first');
    const stream = await connect(START);
    await stream.waitFor(carrying(first));
    const ids = await ingest('a', 'b', 'c');
    await stream.waitFor(carrying(ids[2]));
    const received = receivedIds(stream);
    expect(received.slice(received.indexOf(first) + 1)).toEqual(ids);
  });

  it('replays what a client missed after its Last-Event-ID on reconnect, and nothing it had', async () => {
    const [seen] = await ingest('seen before the disconnect');
    const first = await connect(START);
    const lastEvent = await first.waitFor(carrying(seen));
    expect(failureIds(lastEvent).at(-1)).toBe(seen);
    first.close();

    const missed = await ingest('missed 1', 'missed 2');
    const [third] = await ingest('missed 3');

    const second = await connect(lastEvent.id!);
    await second.waitFor(carrying(third));
    expect(receivedIds(second)).toEqual([...missed, third]);

    const [live] = await ingest('live after the replay');
    await second.waitFor(carrying(live));
    expect(receivedIds(second)).toEqual([...missed, third, live]);
  });

  it('replays from the start for a Last-Event-ID of zeros', async () => {
    const ids = await ingest('one', 'two');
    const stream = await connect(START);
    await stream.waitFor(carrying(ids[1]));
    const received = receivedIds(stream);
    expect(received).toEqual([...received].sort((a, b) => Number(a) - Number(b)));
    expect(received).toEqual(expect.arrayContaining(ids));
    expect(new Set(received).size).toBe(received.length);
  });
});
