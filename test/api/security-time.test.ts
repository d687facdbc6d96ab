import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import { failureIds, openSse } from '../fixtures/failures/sseClient';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const HOUR = 3_600_000;
const uniqueService = () => `time-${randomUUID().slice(0, 8)}`;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** JWT-shaped, with claims as given: a signature is not needed to reach the store. */
const unsignedToken = (claims: Record<string, unknown>) =>
  `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'user-1', ...claims }).replace(/=+$/, '')}.${randomBytes(32).toString('base64url')}`;
/** JSON text with a number JSON.stringify cannot write as is (1e308 is written `1e+308`, which is the same number). */
const tokenWithRawClaims = (claimsJson: string) =>
  `${base64url({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from(claimsJson).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

const OUT_OF_RANGE = [
  ['a year past 9999', '+010000-01-01T00:00:00Z'],
  ['the year 10000 without a sign', '10000-01-01T00:00:00Z'],
  ['a time before 1970', '1969-12-31T23:59:59Z'],
  ['a time 25 h after receipt', () => new Date(Date.now() + 25 * HOUR).toISOString()],
  ['a date without a time', '2026-11-22'],
  ['text that is no time', 'yesterday'],
  ['a number', 1e308],
] as const;
const timeOf = (value: (typeof OUT_OF_RANGE)[number][1]) =>
  typeof value === 'function' ? value() : value;

describe('time values on the way in and out', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;
  const ingest = (body: unknown) => postJson(`${server.url}/api/v1/failures`, body, setup.all);
  const report = (body: unknown) => postJson(`${server.url}/api/v1/fingerprints`, body, setup.all);
  const list = async (service: string) => {
    const response = await fetch(`${server.url}/api/v1/failures?service=${service}&limit=500`);
    expect(response.status).toBe(200);
    return (await response.json()).items as Array<Record<string, unknown>>;
  };

  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
  });
  afterAll(() => server?.stop());

  describe('occurred_at', () => {
    it.each(OUT_OF_RANGE)(
      'refuses %s with a 400 naming occurred_at, and stores nothing',
      async (_name, value) => {
        const service = uniqueService();
        const response = await ingest({
          service,
          environment: 'staging',
          error_code: 'X',
          occurred_at: timeOf(value),
        });
        expect(response.status).toBe(400);
        const { error } = await response.json();
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue: { path: string }) => issue.path)).toContain('occurred_at');
        expect(await list(service)).toEqual([]);
      },
    );

    it('names events[0].occurred_at in a batch, and stores none of the batch', async () => {
      const service = uniqueService();
      const response = await ingest({
        events: [
          { service, environment: 'staging', occurred_at: '+010000-01-01T00:00:00Z' },
          { service, environment: 'staging' },
        ],
      });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      expect(error.issues.map((issue: { path: string }) => issue.path)).toContain(
        'events[0].occurred_at',
      );
      expect(await list(service)).toEqual([]);
    });

    it('accepts the first instant of 1970, and a time 23 h after receipt (a skewed clock)', async () => {
      const service = uniqueService();
      expect(
        (await ingest({ service, environment: 'staging', occurred_at: '1970-01-01T00:00:00Z' }))
          .status,
      ).toBe(202);
      expect(
        (
          await ingest({
            service,
            environment: 'staging',
            occurred_at: new Date(Date.now() + 23 * HOUR).toISOString(),
          })
        ).status,
      ).toBe(202);
    });
  });

  describe('reported_at', () => {
    const reportOf = (instance: string, reported_at: unknown) => ({
      environment: 'staging',
      service: 'time-check',
      instance,
      fingerprint: 'sha256/16:e275dfc423d43d3e',
      source: 'env:JWT_SECRET',
      reported_at,
    });
    const stagingText = async () =>
      (await fetch(`${server.url}/api/v1/environments/staging`)).text();

    it.each(OUT_OF_RANGE)(
      'refuses %s with a 400 naming reported_at, and stores nothing',
      async (_name, value) => {
        const instance = `inst-${randomUUID().slice(0, 8)}`;
        const response = await report(reportOf(instance, timeOf(value)));
        expect(response.status).toBe(400);
        const { error } = await response.json();
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue: { path: string }) => issue.path)).toContain('reported_at');
        expect(await stagingText()).not.toContain(instance);
      },
    );

    it('names reports[0].reported_at in a batch, and stores none of the batch', async () => {
      const [bad, good] = [`inst-${randomUUID().slice(0, 8)}`, `inst-${randomUUID().slice(0, 8)}`];
      const response = await report({
        reports: [
          reportOf(bad, '+010000-01-01T00:00:00Z'),
          reportOf(good, new Date().toISOString()),
        ],
      });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.issues.map((issue: { path: string }) => issue.path)).toContain(
        'reports[0].reported_at',
      );
      const text = await stagingText();
      expect(text).not.toContain(bad);
      expect(text).not.toContain(good);
    });
  });

  describe('time claims of an ingested token', () => {
    const CLAIMS: Array<[string, string]> = [
      ['exp 1e308', '{"sub":"u","exp":1e308}'],
      ['exp -1e308', '{"sub":"u","exp":-1e308}'],
      ['exp 1e20', '{"sub":"u","exp":1e20}'],
      ['iat 1e308', '{"sub":"u","iat":1e308,"exp":1790003600}'],
      ['nbf 1e308', '{"sub":"u","nbf":1e308,"exp":1790003600}'],
    ];

    it.each(CLAIMS)(
      'accepts a token with %s, and the list and the failure still answer',
      async (_name, claims) => {
        const service = uniqueService();
        const token = tokenWithRawClaims(claims);
        const response = await ingest({
          service,
          environment: 'staging',
          token,
          error_message: `rejected ${token}`,
        });
        expect(response.status).toBe(202);
        const [id] = (await response.json()).ids;
        const listed = await fetch(`${server.url}/api/v1/failures`);
        expect(listed.status).toBe(200);
        const items = await list(service);
        expect(items.map((item) => item.id)).toEqual([id]);
        const detail = await fetch(`${server.url}/api/v1/failures/${id}`);
        expect(detail.status).toBe(200);
        if (claims.includes('"exp":1e') || claims.includes('"exp":-1e')) {
          expect(items[0].token_exp).toBeNull();
          expect((await detail.json()).token_exp).toBeNull();
        }
      },
    );

    it('keeps the live stream sending failures after a token with exp 1e308', async () => {
      const stream = await openSse(`${server.url}/api/v1/stream`);
      try {
        expect(stream.status).toBe(200);
        const service = uniqueService();
        const bad = await ingest({
          service,
          environment: 'staging',
          token: unsignedToken({ exp: 1e308 }),
        });
        expect(bad.status).toBe(202);
        const [badId] = (await bad.json()).ids;
        await stream.waitFor(
          (event) => event.event === 'failure' && failureIds(event).includes(badId),
        );
        const later = await ingest({ service, environment: 'staging', error_code: 'LATER' });
        const [laterId] = (await later.json()).ids;
        await stream.waitFor(
          (event) => event.event === 'failure' && failureIds(event).includes(laterId),
        );
      } finally {
        stream.close();
      }
    });
  });

  describe('time filters in a query', () => {
    const EXTREMES = [
      '+010000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.001Z',
      '-000001-01-01T00:00:00Z',
      '1e308',
      '99999999999999999999',
    ];

    it.each(EXTREMES)('answers since/until=%s without a server error', async (value) => {
      const query = (name: string) => `${name}=${encodeURIComponent(value)}`;
      for (const route of [
        '/api/v1/failures',
        '/api/v1/failures/stats',
        '/api/v1/environments/staging/history',
        '/api/v1/incidents',
      ]) {
        for (const name of ['since', 'until']) {
          const response = await fetch(`${server.url}${route}?${query(name)}`);
          expect(response.status, `${route}?${query(name)}`).toBeLessThan(500);
        }
      }
    });
  });

  describe('a row already stored with out-of-range times', () => {
    let service: string;
    let goodId: string;
    let badIds: string[];

    beforeAll(async () => {
      service = uniqueService();
      const response = await ingest({
        events: [
          { service, environment: 'staging', error_code: 'GOOD' },
          { service, environment: 'staging' },
          { service, environment: 'staging' },
          { service, environment: 'staging' },
        ],
      });
      expect(response.status).toBe(202);
      const ids: string[] = (await response.json()).ids;
      [goodId, ...badIds] = ids;
      // Written behind the server's back, as a row from an older version or a bad restore would be.
      const database = new BetterSqlite3(path.join(server.dataDir, 'authscope.db'));
      try {
        database.pragma('busy_timeout = 5000');
        const updates = [
          database
            .prepare('UPDATE failures SET occurred_at = ? WHERE seq = ?')
            .run(1e308, Number(badIds[0])),
          database
            .prepare('UPDATE failures SET token_exp = ?, token_claims = ? WHERE seq = ?')
            .run(1e308, '{"iat":1e308,"nbf":-1e308}', Number(badIds[1])),
          database
            .prepare('UPDATE failures SET received_at = ?, occurred_at = ? WHERE seq = ?')
            .run(-1e20, 9e15, Number(badIds[2])),
        ];
        expect(updates.map((update) => update.changes)).toEqual([1, 1, 1]);
      } finally {
        database.close();
      }
    });

    it('keeps the list answering, with the good rows in it', async () => {
      const response = await fetch(`${server.url}/api/v1/failures`);
      expect(response.status).toBe(200);
      expect((await list(service)).map((item) => item.id)).toContain(goodId);
    });

    it('keeps every failure page answering without a server error', async () => {
      expect((await fetch(`${server.url}/api/v1/failures/${goodId}`)).status).toBe(200);
      for (const id of badIds)
        expect((await fetch(`${server.url}/api/v1/failures/${id}`)).status, id).toBeLessThan(500);
      for (const route of [
        '/api/v1/failures/stats',
        '/api/v1/incidents',
        `/api/v1/failures?service=${service}&until=${new Date().toISOString()}`,
        '/failures',
        `/failures?id=${badIds[0]}`,
      ]) {
        expect((await fetch(`${server.url}${route}`)).status, route).toBeLessThan(500);
      }
    });

    it('keeps the stream replaying and sending later failures', async () => {
      const stream = await openSse(`${server.url}/api/v1/stream`, {
        'last-event-id': '0000000000000000',
      });
      try {
        expect(stream.status).toBe(200);
        const later = await ingest({
          service,
          environment: 'staging',
          error_code: 'AFTER_BAD_ROWS',
        });
        const [laterId] = (await later.json()).ids;
        await stream.waitFor(
          (event) => event.event === 'failure' && failureIds(event).includes(laterId),
        );
      } finally {
        stream.close();
      }
      expect(server.logs()).not.toContain('RangeError');
    });
  });
});
