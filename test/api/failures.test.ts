import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import { tokenTraces } from '../fixtures/failures/tokens';
import { specFixture } from '../helpers/fixtures';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const SAMPLE = specFixture('failure-websocket-validation.json');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Item {
  id: string;
  service: string | null;
  occurred_at: string;
  error_code: string | null;
  error_message: string | null;
  signed_by: string | null;
  [field: string]: unknown;
}

/** A service name no other test uses, so each test lists only what it wrote. */
const uniqueService = () => `svc-${randomUUID().slice(0, 8)}`;

/** The sample with one value replaced at a dotted path. */
function sampleWith(pathText: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(SAMPLE) as Record<string, unknown>;
  const keys = pathText.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

describe('failures API against the real server', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;

  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const ingest = (body: unknown, headers: Record<string, string> = setup.all) =>
    postJson(`${server.url}/api/v1/failures`, body, headers);
  const getJson = async (pathAndQuery: string) => {
    const response = await fetch(`${server.url}${pathAndQuery}`);
    return { status: response.status, body: await response.json() };
  };
  const listService = async (service: string): Promise<Item[]> => {
    const { status, body } = await getJson(`/api/v1/failures?service=${service}&limit=500`);
    expect(status).toBe(200);
    return body.items;
  };

  describe('ingest', () => {
    it('accepts the spec sample as it is and shows it normalized, with its raw JSON', async () => {
      const response = await ingest(SAMPLE);
      expect(response.status).toBe(202);
      const accepted = await response.json();
      expect(accepted).toEqual({ accepted: 1, ids: [expect.stringMatching(/^\d+$/)] });
      const [id] = accepted.ids;

      const normalized = {
        id,
        environment: 'staging',
        service: null,
        context: 'websocket',
        method: 'jwt_token',
        error_code: 'VALIDATION_FAILED',
        error_message: 'Token validation failed | Debug: 373 chars, 2 dots',
        token_length: 373,
        token_dot_count: 2,
        token_prefix: 'eyJhbGciOiJI',
        token_suffix: '2fVRdOdE',
        has_bearer_prefix: false,
        authorization_present: true,
        websocket_protocol_present: false,
        websocket_protocol: null,
        signed_by: null,
        occurred_at: expect.stringMatching(ISO),
        received_at: expect.stringMatching(ISO),
      };
      const detail = await getJson(`/api/v1/failures/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject(normalized);
      expect(detail.body.raw).toEqual(SAMPLE);

      const list = await getJson(
        '/api/v1/failures?environment=staging&error_code=VALIDATION_FAILED&limit=500',
      );
      const item = list.body.items.find((candidate: Item) => candidate.id === id);
      expect(item).toMatchObject(normalized);
      expect(item).not.toHaveProperty('raw');
    });

    it('accepts an envelope and shows what it adds', async () => {
      const service = uniqueService();
      const envelope = {
        service,
        instance: 'ws-7f9c',
        environment: 'staging',
        occurred_at: '2026-11-22T10:00:00Z',
        user: 'staging-e2e-user-002',
        close_code: 1008,
        payload: SAMPLE,
      };
      const response = await ingest(envelope);
      expect(response.status).toBe(202);
      const [id] = (await response.json()).ids;

      const items = await listService(service);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        id,
        service,
        instance: 'ws-7f9c',
        environment: 'staging',
        occurred_at: '2026-11-22T10:00:00.000Z',
        user: 'staging-e2e-user-002',
        close_code: 1008,
        error_code: 'VALIDATION_FAILED',
      });
      expect((await getJson(`/api/v1/failures/${id}`)).body.raw).toEqual(envelope);
    });

    it('accepts a batch of 100 and pages through all of them', async () => {
      const service = uniqueService();
      const events = Array.from({ length: 100 }, (_, i) => ({
        service,
        environment: 'production',
        error_message: `event ${i}`,
        payload: SAMPLE,
      }));
      const response = await ingest({ events });
      expect(response.status).toBe(202);
      const { accepted, ids } = await response.json();
      expect(accepted).toBe(100);
      expect(new Set(ids).size).toBe(100);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/failures?service=${service}&limit=30${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await getJson(query);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((item: Item) => item.id));
        cursor = page.body.next_cursor;
      } while (cursor && seen.length <= 100);
      expect(seen.sort()).toEqual([...ids].sort());
    });

    it('stores a retried event_id once and answers the same id', async () => {
      const service = uniqueService();
      const envelope = { event_id: randomUUID(), service, environment: 'staging', payload: SAMPLE };
      const first = await (await ingest(envelope)).json();
      const retry = await ingest({ events: [envelope, { ...envelope, event_id: randomUUID() }] });
      expect(retry.status).toBe(202);
      const retried = await retry.json();
      expect(retried.ids[0]).toBe(first.ids[0]);
      expect(retried.ids[1]).not.toBe(first.ids[0]);
      expect(await listService(service)).toHaveLength(2);
    });

    it('takes the environment from the envelope over details.environment', async () => {
      const service = uniqueService();
      expect((await ingest({ service, environment: 'production', payload: SAMPLE })).status).toBe(
        202,
      );
      expect((await listService(service))[0].environment).toBe('production');
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the JSON path of a wrong type, and writes nothing of the batch', async () => {
      const service = uniqueService();
      const bad = {
        ...sampleWith('details.failure_context.token_characteristics.length', '373'),
        service,
      };
      const response = await ingest({ events: [{ ...SAMPLE, service }, bad] });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      expect(error.issues).toEqual([
        {
          path: 'events[1].details.failure_context.token_characteristics.length',
          message: expect.any(String),
        },
      ]);
      expect(error.message).toContain(
        'events[1].details.failure_context.token_characteristics.length',
      );
      expect(await listService(service)).toEqual([]);
    });

    it('answers 400 when an event has no environment, and writes none of the batch', async () => {
      const service = uniqueService();
      const response = await ingest({
        events: [
          { service, payload: SAMPLE },
          { service, error_code: 'X' },
        ],
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.issues).toEqual([
        { path: 'events[1].environment', message: expect.stringContaining('no environment') },
      ]);
      expect(await listService(service)).toEqual([]);
    });

    it('answers 400 for an unknown environment', async () => {
      const response = await ingest(sampleWith('details.environment', 'qa'));
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.issues).toEqual([
        { path: 'environment', message: expect.stringContaining('"qa"') },
      ]);
    });

    it.each([
      ['not JSON', '{"type": "error_message",'],
      ['empty', ''],
      ['a bare word', 'hello'],
    ])('answers 400 invalid_json for a body that is %s', async (_name, body) => {
      const response = await ingest(body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_json');
    });

    it.each([[null], [[]], ['text'], [42]])('answers 400 for the JSON value %j', async (value) => {
      const response = await ingest(JSON.stringify(value));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('validation_failed');
    });

    it('answers 400 for 1001 events and accepts 1000', async () => {
      const service = uniqueService();
      const event = { service, environment: 'development', error_code: 'X' };
      const tooMany = await ingest({ events: Array.from({ length: 1001 }, () => event) });
      expect(tooMany.status).toBe(400);
      expect((await tooMany.json()).error.issues[0].path).toBe('events');
      expect(await listService(service)).toEqual([]);
      const enough = await ingest({ events: Array.from({ length: 1000 }, () => event) });
      expect(enough.status).toBe(202);
      expect((await enough.json()).accepted).toBe(1000);
    });

    it('answers 413 for a body over 1 MiB, and writes nothing', async () => {
      const service = uniqueService();
      const body = JSON.stringify({
        service,
        environment: 'staging',
        error_message: 'x'.repeat(1024 * 1024),
        payload: SAMPLE,
      });
      const response = await ingest(body);
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe('payload_too_large');
      expect(await listService(service)).toEqual([]);
    });

    it('answers 413 for a streamed body over 1 MiB that declares no length', async () => {
      const chunk = new TextEncoder().encode(`{"error_message":"${'y'.repeat(256 * 1024)}`);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 6) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...setup.all },
        body: stream,
        duplex: 'half',
      };
      const response = await fetch(`${server.url}/api/v1/failures`, init as RequestInit);
      expect(response.status).toBe(413);
    });
  });

  describe('access', () => {
    it.each([
      ['no key', {}],
      ['a wrong key', { authorization: 'Bearer not-an-ingest-key' }],
      ['a key in the wrong scheme', { authorization: 'Basic not-an-ingest-key' }],
    ])('answers 401 to an ingest with %s, and writes nothing', async (_name, headers) => {
      const service = uniqueService();
      const response = await ingest({ service, environment: 'staging', payload: SAMPLE }, headers);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('unauthorized');
      expect(await listService(service)).toEqual([]);
    });

    it('answers 403 to a staging-only key writing production, and writes nothing', async () => {
      const service = uniqueService();
      const response = await ingest(
        {
          events: [
            { service, environment: 'staging', payload: SAMPLE },
            { service, environment: 'production', payload: SAMPLE },
          ],
        },
        setup.staging,
      );
      expect(response.status).toBe(403);
      const { error } = await response.json();
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain('production');
      expect(await listService(service)).toEqual([]);
    });

    it('accepts a staging-only key writing staging', async () => {
      const service = uniqueService();
      expect((await ingest({ service, payload: SAMPLE }, setup.staging)).status).toBe(202);
      expect(await listService(service)).toHaveLength(1);
    });

    it('lets anyone read with open access (no viewer configured)', async () => {
      for (const route of ['/api/v1/failures', '/api/v1/failures/stats']) {
        const response = await fetch(`${server.url}${route}`);
        expect(response.status, route).toBe(200);
      }
    });
  });

  describe('reading', () => {
    it('answers 404 for an id it does not hold', async () => {
      for (const id of ['999999999', 'abc']) {
        const { status, body } = await getJson(`/api/v1/failures/${id}`);
        expect(status).toBe(404);
        expect(body.error.code).toBe('not_found');
      }
    });

    it('answers 400 for an unknown query parameter', async () => {
      const unknown = await getJson('/api/v1/failures?colour=red');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('colour');
    });

    it('answers 400 naming "cursor" for a cursor it did not give out', async () => {
      const cursor = await getJson('/api/v1/failures?cursor=not-a-cursor');
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    });

    it('filters by q case-insensitively with a literal %', async () => {
      const service = uniqueService();
      await ingest({
        events: [
          { service, environment: 'staging', error_message: '100% of handshakes REJECTED' },
          { service, environment: 'staging', error_message: '1000 handshakes rejected' },
        ],
      });
      const { body } = await getJson(
        `/api/v1/failures?service=${service}&q=${encodeURIComponent('100% of handshakes rejected')}`,
      );
      expect(body.items.map((item: Item) => item.error_message)).toEqual([
        '100% of handshakes REJECTED',
      ]);
    });

    it('says the store is SQLite on /api/health', async () => {
      expect(await getJson('/api/health')).toEqual({
        status: 200,
        body: { status: 'ok', store: 'sqlite' },
      });
    });
  });

  describe('stats', () => {
    const DAY = '2026-11-20';
    let service: string;

    beforeAll(async () => {
      service = uniqueService();
      const at = (time: string, error_code: string, environment = 'staging') => ({
        service,
        environment,
        error_code,
        user: 'stats-user',
        occurred_at: `${DAY}T${time}Z`,
      });
      const response = await ingest({
        events: [
          at('10:00:05', 'VALIDATION_FAILED'),
          at('10:00:45', 'VALIDATION_FAILED'),
          at('10:01:10', 'TOKEN_EXPIRED'),
          at('10:31:30', 'VALIDATION_FAILED', 'production'),
          at('11:15:00', 'TOKEN_EXPIRED'),
        ],
      });
      expect(response.status).toBe(202);
    });

    const stats = (query: string) => getJson(`/api/v1/failures/stats?service=${service}&${query}`);
    const nonEmpty = (points: Array<{ t: string; counts: Record<string, number> }>) =>
      points.filter((point) => Object.keys(point.counts).length > 0);

    it('counts per minute by error_code', async () => {
      const { status, body } = await stats(
        `bucket=minute&since=${DAY}T10:00:00Z&until=${DAY}T10:05:00Z`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        bucket: 'minute',
        by: 'error_code',
        since: `${DAY}T10:00:00.000Z`,
        until: `${DAY}T10:05:00.000Z`,
      });
      expect(body.points).toHaveLength(5);
      expect(nonEmpty(body.points)).toEqual([
        { t: `${DAY}T10:00:00.000Z`, counts: { VALIDATION_FAILED: 2 } },
        { t: `${DAY}T10:01:00.000Z`, counts: { TOKEN_EXPIRED: 1 } },
      ]);
    });

    it('counts per hour by environment', async () => {
      const { status, body } = await stats(
        `bucket=hour&by=environment&since=${DAY}T10:00:00Z&until=${DAY}T12:00:00Z`,
      );
      expect(status).toBe(200);
      expect(body.points).toEqual([
        { t: `${DAY}T10:00:00.000Z`, counts: { staging: 3, production: 1 } },
        { t: `${DAY}T11:00:00.000Z`, counts: { staging: 1 } },
      ]);
    });

    it('counts per minute from the events when filtered by user', async () => {
      const { status, body } = await stats(
        `bucket=minute&user=stats-user&since=${DAY}T10:00:00Z&until=${DAY}T10:02:00Z`,
      );
      expect(status).toBe(200);
      expect(body.points).toEqual([
        { t: `${DAY}T10:00:00.000Z`, counts: { VALIDATION_FAILED: 2 } },
        { t: `${DAY}T10:01:00.000Z`, counts: { TOKEN_EXPIRED: 1 } },
      ]);
    });

    it('answers 400 naming "by" for a dimension it does not have', async () => {
      const { status, body } = await stats('by=password');
      expect(status).toBe(400);
      expect(body.error.issues.map((issue: { path: string }) => issue.path)).toEqual(['by']);
    });

    it('answers 400 for an unknown query parameter', async () => {
      const { status, body } = await stats('group=error_code');
      expect(status).toBe(400);
      expect(body.error.message).toContain('group');
    });

    it('answers 400 for a range that ends before it starts', async () => {
      const { status } = await stats(`since=${DAY}T12:00:00Z&until=${DAY}T10:00:00Z`);
      expect(status).toBe(400);
    });
  });
});

describe('a full token sent with a failure is never stored', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;
  let token: string;
  let queryToken: string;
  let pasted: string;
  let pastedAnswer: { status: number; body: string };
  const responses: string[] = [];
  let listed: Item[] = [];

  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
    token = await setup.signStaging();
    queryToken = await setup.signStaging({ sub: 'query-user' });

    const payload = structuredClone(SAMPLE) as {
      error_message: string;
      details: { failure_context: Record<string, Record<string, unknown>> };
    };
    payload.error_message = `Token validation failed for Authorization: Bearer ${token}`;
    payload.details.failure_context.auth_headers.authorization = `Bearer ${token}`;
    Object.assign(payload.details.failure_context.token_characteristics, {
      length: token.length,
      prefix: token.slice(0, 12),
      suffix: token.slice(-8),
    });
    const envelope = {
      service: 'leak-probe',
      environment: 'staging',
      user: 'leak-user',
      token,
      payload,
      [token]: [token, { nested: `seen ${token} twice` }],
    };
    const response = await ingest(envelope);
    expect(response.status).toBe(202);
    const { ids } = await response.json();
    responses.push(JSON.stringify(ids));

    const query = await ingest({
      service: 'leak-probe-query',
      environment: 'staging',
      payload: {
        ...SAMPLE,
        error_message: `upgrade refused: wss://chat.example.com/ws?token=${queryToken}`,
      },
    });
    expect(query.status).toBe(202);

    for (const route of [
      '/api/v1/failures?limit=500',
      `/api/v1/failures/${ids[0]}`,
      '/api/v1/failures/stats?by=signed_by',
    ]) {
      const text = await (await fetch(`${server.url}${route}`)).text();
      responses.push(text);
      if (route.startsWith('/api/v1/failures?')) listed = JSON.parse(text).items;
    }
    pasted = await setup.signStaging({ sub: 'path-user' });
    const byPath = await fetch(`${server.url}/api/v1/failures/${pasted}`);
    pastedAnswer = { status: byPath.status, body: await byPath.text() };
    await server.stop();
  });

  afterAll(async () => {
    await server?.stop();
  });

  function ingest(body: unknown) {
    return postJson(`${server.url}/api/v1/failures`, body, setup.all);
  }

  /** Every table and column of the SQLite database, as text. */
  function databaseText(): string {
    const db = new BetterSqlite3(path.join(server.dataDir, 'authscope.db'), {
      readonly: true,
      fileMustExist: true,
    });
    try {
      const tables = db
        .prepare("select name from sqlite_master where type = 'table'")
        .all() as Array<{ name: string }>;
      expect(tables.map((table) => table.name)).toContain('failures');
      const cells: string[] = [];
      for (const { name } of tables) {
        for (const row of db.prepare(`select * from "${name.replace(/"/g, '""')}"`).all() as Array<
          Record<string, unknown>
        >) {
          for (const value of Object.values(row))
            cells.push(Buffer.isBuffer(value) ? value.toString('latin1') : String(value));
        }
      }
      return cells.join('\n');
    } finally {
      db.close();
    }
  }

  /** The raw bytes of every file in the data dir: the database, its WAL and shared memory, keys. */
  function dataDirBytes(): { names: string[]; text: string } {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(server.dataDir);
    return {
      names: files.map((file) => path.basename(file)),
      text: files.map((file) => readFileSync(file).toString('latin1')).join('\n'),
    };
  }

  it('still names the configured key that signed it', () => {
    const probe = listed.find((item) => item.service === 'leak-probe');
    expect(probe).toMatchObject({
      signed_by: 'staging-primary',
      token_length: token.length,
      token_dot_count: 2,
    });
  });

  it('is not in any API response', () => {
    for (const text of responses)
      for (const trace of tokenTraces(token)) expect(text).not.toContain(trace);
  });

  it('is in no file of the data dir, database, WAL and shared memory included', () => {
    const { names, text } = dataDirBytes();
    expect(names).toContain('authscope.db');
    expect(text).toContain('leak-probe');
    for (const trace of [...tokenTraces(token), setup.secret])
      expect(text.includes(trace), `a file contains ${trace.slice(0, 12)}…`).toBe(false);
  });

  it('is in no table and no column of the database', () => {
    const text = databaseText();
    expect(text).toContain('leak-probe');
    expect(text).toContain('[redacted token:');
    for (const trace of tokenTraces(token))
      expect(text.includes(trace), `the database contains ${trace.slice(0, 12)}…`).toBe(false);
  });

  it('is not in the server log', () => {
    for (const trace of [...tokenTraces(token), ...tokenTraces(queryToken)])
      expect(server.logs()).not.toContain(trace);
  });

  it('is neither echoed nor logged when pasted into a URL path', () => {
    expect(pastedAnswer.status).toBe(404);
    for (const trace of tokenTraces(pasted)) {
      expect(pastedAnswer.body).not.toContain(trace.slice(0, 16));
      expect(server.logs()).not.toContain(trace);
    }
    expect(server.logs()).toContain('/api/v1/failures/[redacted]');
  });

  it('is not stored when it came as a WebSocket URL query parameter', () => {
    const stored = `${databaseText()}\n${dataDirBytes().text}`;
    expect(stored).toContain('leak-probe-query');
    for (const trace of tokenTraces(queryToken))
      expect(stored.includes(trace), `stored: ${trace.slice(0, 12)}…`).toBe(false);
  });
});
