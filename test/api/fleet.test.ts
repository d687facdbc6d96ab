import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacFingerprint, sha256Fingerprint } from '../../lib/keys/fingerprint';
import { encodingsOf } from '../helpers/fleetKeys';
import { postJson, startServer, type RunningServer } from '../helpers/server';
import { specFixture } from '../helpers/fixtures';

const DRIFTED = specFixture('fingerprint-report-drifted.json');

const PEPPER = randomBytes(32);
const STAGING_SECRET = `staging-${randomBytes(24).toString('hex')}`;
const QA_SECRET = `qa-${randomBytes(24).toString('hex')}`;
const PROD_SECRET = `prod-${randomBytes(24).toString('hex')}`;
const bytes = (text: string) => new TextEncoder().encode(text);
const keyed = (secret: string) => hmacFingerprint(PEPPER, bytes(secret));
const unkeyed = (secret: string) => sha256Fingerprint(bytes(secret));

const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const INGEST_STAGING = `ingest-staging-${randomBytes(16).toString('hex')}`;
const INGEST_DEV = `ingest-dev-${randomBytes(16).toString('hex')}`;
const asViewer = { authorization: `Bearer ${VIEWER}` };
const asStagingIngest = { authorization: `Bearer ${INGEST_STAGING}` };
const asDevIngest = { authorization: `Bearer ${INGEST_DEV}` };

/** auth-service resolved the keyring secret and reports it the way teams print it by hand. */
const AUTH_SERVICE = {
  environment: 'staging',
  service: 'auth-service',
  instance: 'auth-1',
  algorithm: 'HS256',
  fingerprint: unkeyed(STAGING_SECRET),
  source: 'env:JWT_SECRET_STAGING',
  version: '1',
  resolution: [
    { source: 'env:JWT_SECRET_STAGING', present: true, fingerprint: unkeyed(STAGING_SECRET) },
  ],
};
const BACKEND_REST = {
  environment: 'staging',
  service: 'backend-rest',
  instance: 'rest-1',
  fingerprint: keyed(STAGING_SECRET),
  source: 'env:JWT_SECRET_STAGING',
};
const PRODUCTION_TARGET_REPORT = {
  environment: 'production',
  service: 'auth-service',
  instance: 'prod-auth-1',
  fingerprint: keyed(PROD_SECRET),
  source: 'env:JWT_SECRET',
};

let server: RunningServer;
let target: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  target = await startTarget(PRODUCTION_TARGET_REPORT);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-fleet-api-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['development', 'staging', 'qa', 'production', 'sandbox'],
      keys: [
        {
          id: 'staging-primary',
          environment: 'staging',
          from: 'env:JWT_SECRET_STAGING',
          alg: 'HS256',
        },
      ],
      targets: [
        {
          environment: 'production',
          service: 'auth-service',
          url: target.url,
          every: '1s',
          timeout: '1s',
        },
      ],
      ingestKeys: [
        {
          name: 'staging-services',
          from: 'env:INGEST_KEY_STAGING',
          environments: ['staging', 'qa', 'sandbox'],
        },
        { name: 'dev-services', from: 'env:INGEST_KEY_DEV', environments: ['development'] },
      ],
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
    }),
  );
  server = await startServer({
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_FINGERPRINT_KEY: PEPPER.toString('base64url'),
    JWT_SECRET_STAGING: STAGING_SECRET,
    INGEST_KEY_STAGING: INGEST_STAGING,
    INGEST_KEY_DEV: INGEST_DEV,
    VIEWER_ALICE: VIEWER,
  });
  const baseline = await postJson(
    `${server.url}/api/v1/fingerprints`,
    {
      reports: [
        DRIFTED,
        AUTH_SERVICE,
        BACKEND_REST,
        {
          environment: 'qa',
          service: 'auth-service',
          instance: 'qa-auth-1',
          fingerprint: keyed(QA_SECRET),
          source: 'env:JWT_SECRET_QA',
        },
        {
          environment: 'qa',
          service: 'backend-websocket',
          instance: 'qa-ws-1',
          fingerprint: keyed(QA_SECRET),
          source: 'env:JWT_SECRET_QA',
        },
      ],
    },
    asStagingIngest,
  );
  expect(baseline.status).toBe(202);
});

afterAll(async () => {
  await server?.stop();
  await target?.close();
});

/** A service's debug endpoint, as a polled target sees it. */
async function startTarget(report: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer((request, response) => {
    if (request.url !== '/debug/jwt-secret-info') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as { port: number }).port}/debug/jwt-secret-info`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

async function get(pathname: string, headers: Record<string, string> = asViewer) {
  const response = await fetch(`${server.url}${pathname}`, { headers });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/** Polls until `check` accepts the answer; the bound only keeps a broken server from hanging the suite. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Group {
  id: string;
  key_id: string | null;
  fingerprint: string;
  services: string[];
  sources: string[];
  members: Array<{ service: string; instance: string }>;
}

describe('GET /api/v1/fleet', () => {
  it('shows staging as a mismatch: a group labelled staging-primary and one unlabelled drifted group', async () => {
    const { status, body } = await get('/api/v1/fleet');
    expect(status).toBe(200);
    const staging = body.environments.find(
      (environment: { environment: string }) => environment.environment === 'staging',
    );
    expect(staging.consistent).toBe(false);
    const [accessToken] = staging.purposes;
    expect(accessToken).toMatchObject({
      purpose: 'access-token',
      status: 'mismatch',
      consistent: false,
    });
    const labelled = accessToken.groups.find((group: Group) => group.key_id === 'staging-primary');
    expect(labelled.fingerprint).toBe(keyed(STAGING_SECRET));
    expect(labelled.services).toEqual(expect.arrayContaining(['auth-service', 'backend-rest']));
    const unlabelled = accessToken.groups.filter((group: Group) => group.key_id === null);
    expect(unlabelled).toHaveLength(1);
    expect(unlabelled[0]).toMatchObject({
      fingerprint: 'sha256/16:e275dfc423d43d3e',
      services: ['backend-websocket'],
      sources: ['env:JWT_SECRET_KEY'],
    });
  });

  it('lists a configured environment without reports as empty', async () => {
    const { body } = await get('/api/v1/fleet');
    const development = body.environments.find(
      (environment: { environment: string }) => environment.environment === 'development',
    );
    expect(development).toMatchObject({
      consistent: false,
      purposes: [{ purpose: 'access-token', status: 'empty', groups: [] }],
    });
  });

  it('answers 401 without a key and 403 to a write-only ingest key', async () => {
    expect((await get('/api/v1/fleet', {})).status).toBe(401);
    const forbidden = await get('/api/v1/fleet', asStagingIngest);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });
});

describe('GET /api/v1/environments/{env}/consistency', () => {
  it('says staging is not consistent, to an ingest key as to a viewer', async () => {
    for (const headers of [asStagingIngest, asViewer]) {
      const { status, body } = await get('/api/v1/environments/staging/consistency', headers);
      expect(status).toBe(200);
      expect(body).toMatchObject({ environment: 'staging', consistent: false, status: 'mismatch' });
    }
    const { body } = await get('/api/v1/environments/staging/consistency', asViewer);
    expect(body.groups.map((group: Group) => group.key_id)).toEqual(
      expect.arrayContaining(['staging-primary', null]),
    );
  });

  it('gives an ingest key the verdict only: no groups, members or keyring key names', async () => {
    const { body } = await get('/api/v1/environments/staging/consistency', asStagingIngest);
    expect(Object.keys(body).sort()).toEqual(['consistent', 'environment', 'purposes', 'status']);
    expect(JSON.stringify(body)).not.toContain('staging-primary');
  });

  it("refuses an ingest key another environment's gate", async () => {
    expect((await get('/api/v1/environments/staging/consistency', asDevIngest)).status).toBe(403);
  });

  it('says an environment where every service agrees is consistent', async () => {
    expect((await get('/api/v1/environments/qa/consistency', asStagingIngest)).body).toMatchObject({
      environment: 'qa',
      consistent: true,
      status: 'consistent',
    });
    const { status, body } = await get('/api/v1/environments/qa/consistency', asViewer);
    expect(status).toBe(200);
    expect(body).toMatchObject({ environment: 'qa', consistent: true, status: 'consistent' });
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0].services).toEqual(['auth-service', 'backend-websocket']);
  });

  it('says an environment nobody reported for is not consistent, status empty', async () => {
    expect(
      (await get('/api/v1/environments/development/consistency', asDevIngest)).body,
    ).toMatchObject({ environment: 'development', consistent: false, status: 'empty' });
    const { status, body } = await get('/api/v1/environments/development/consistency', asViewer);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      environment: 'development',
      consistent: false,
      status: 'empty',
      groups: [],
    });
  });

  it('answers 401 without a key when viewers are configured', async () => {
    const { status, body } = await get('/api/v1/environments/staging/consistency', {});
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });

  it('answers 404 for an environment that is not configured', async () => {
    const { status, body } = await get('/api/v1/environments/nowhere/consistency', asStagingIngest);
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('POST /api/v1/fingerprints', () => {
  const report = {
    environment: 'staging',
    service: 'billing',
    instance: 'billing-1',
    fingerprint: keyed(STAGING_SECRET),
  };

  async function billingWasRecorded(): Promise<boolean> {
    const { body } = await get('/api/v1/environments/staging');
    return body.instances.some((instance: { service: string }) => instance.service === 'billing');
  }

  it('answers 401 without an ingest key and writes nothing', async () => {
    const response = await postJson(`${server.url}/api/v1/fingerprints`, report);
    expect(response.status).toBe(401);
    expect(await billingWasRecorded()).toBe(false);
  });

  it('answers 403 to an ingest key limited to another environment and writes nothing', async () => {
    const response = await postJson(`${server.url}/api/v1/fingerprints`, report, asDevIngest);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(await billingWasRecorded()).toBe(false);
  });

  it('answers 400 naming the path of a bad report in a batch, and writes none of the batch', async () => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { reports: [report, { ...report, instance: 'billing-2', fingerprint: 'md5:0123' }] },
      asStagingIngest,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(
      'reports[1].fingerprint',
    );
    expect(await billingWasRecorded()).toBe(false);
  });

  it('answers 400 for an environment that is not configured', async () => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { ...report, environment: 'nowhere' },
      asStagingIngest,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message).toContain('nowhere');
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain('environment');
  });
});

describe('GET /api/v1/environments/{env}', () => {
  it('shows the drifted chain: JWT_SECRET_STAGING skipped, JWT_SECRET_KEY picked', async () => {
    const { status, body } = await get('/api/v1/environments/staging');
    expect(status).toBe(200);
    const websocket = body.instances.find(
      (instance: { instance: string }) => instance.instance === 'ws-7f9c',
    );
    expect(
      websocket.resolution.map((step: { source: string; present: boolean; picked: boolean }) => [
        step.source,
        step.present,
        step.picked,
      ]),
    ).toEqual([
      ['env:JWT_SECRET_STAGING', false, false],
      ['env:JWT_SECRET_KEY', true, true],
      ['env:JWT_SECRET', true, false],
    ]);
  });

  it('names the keyring key in a chain step instead of its unkeyed digest', async () => {
    const { body } = await get('/api/v1/environments/staging');
    const auth = body.instances.find(
      (instance: { instance: string }) => instance.instance === 'auth-1',
    );
    expect(auth).toMatchObject({
      key_id: 'staging-primary',
      fingerprint: keyed(STAGING_SECRET),
      group_id: 'key:staging-primary',
    });
    expect(auth.resolution[0]).toMatchObject({
      picked: true,
      key_id: 'staging-primary',
      fingerprint: keyed(STAGING_SECRET),
    });
  });
});

describe('GET /api/v1/environments/{env}/history', () => {
  it('lists a rotation as a change from the previous fingerprint, newest first', async () => {
    const before = {
      environment: 'staging',
      service: 'backend-rest',
      instance: 'rest-2',
      fingerprint: 'sha256/16:70610b56526d0480',
      source: 'env:JWT_SECRET',
      version: '3',
    };
    expect(
      (await postJson(`${server.url}/api/v1/fingerprints`, before, asStagingIngest)).status,
    ).toBe(202);
    const after = {
      ...before,
      fingerprint: unkeyed(STAGING_SECRET),
      source: 'env:JWT_SECRET_STAGING',
      version: '4',
    };
    expect(
      (await postJson(`${server.url}/api/v1/fingerprints`, after, asStagingIngest)).status,
    ).toBe(202);

    const { status, body } = await get('/api/v1/environments/staging/history');
    expect(status).toBe(200);
    const changes = body.items.filter((item: { instance: string }) => item.instance === 'rest-2');
    expect(changes.map((item: { kind: string }) => item.kind)).toEqual(['changed', 'first_seen']);
    expect(changes[0]).toMatchObject({
      key_id: 'staging-primary',
      fingerprint: keyed(STAGING_SECRET),
      previous_key_id: null,
      previous_fingerprint: 'sha256/16:70610b56526d0480',
      source: 'env:JWT_SECRET_STAGING',
      version: '4',
    });
    const firstSightings = body.items
      .filter((item: { kind: string }) => item.kind === 'first_seen')
      .map((item: { instance: string }) => item.instance);
    expect(firstSightings).toEqual(expect.arrayContaining(['ws-7f9c', 'auth-1', 'rest-1']));
    const times = body.items.map((item: { at: string }) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('polled targets', () => {
  it('polls a configured target and shows its instance', async () => {
    const { body } = await eventually(
      () => get('/api/v1/environments/production/consistency'),
      ({ body: answer }) => answer.groups.length > 0,
    );
    expect(body).toMatchObject({
      environment: 'production',
      consistent: true,
      status: 'consistent',
      unreachable: [],
    });
    expect(body.groups[0].members).toMatchObject([
      { service: 'auth-service', instance: 'prod-auth-1', source: 'env:JWT_SECRET' },
    ]);
  });

  it('lists a target that stops answering as unreachable and the environment as not consistent', async () => {
    await eventually(
      () => get('/api/v1/environments/production/consistency'),
      ({ body }) => body.groups.length > 0,
    );
    await target.close();
    const { body } = await eventually(
      () => get('/api/v1/environments/production/consistency'),
      ({ body: answer }) => answer.unreachable.length > 0,
    );
    expect(body).toMatchObject({ consistent: false, status: 'stale' });
    expect(body.unreachable).toEqual([
      expect.objectContaining({
        environment: 'production',
        service: 'auth-service',
        url: target.url,
        error: 'unreachable',
      }),
    ]);
    const fleet = await get('/api/v1/fleet');
    const production = fleet.body.environments.find(
      (environment: { environment: string }) => environment.environment === 'production',
    );
    expect(production.consistent).toBe(false);
    expect(production.purposes[0].unreachable).toHaveLength(1);
  });
});

interface SseEvent {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** Reads /api/v1/stream; `next` resolves with the first event (in arrival order) that matches. */
async function openStream(query = '') {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/api/v1/stream${query}`, {
    headers: asViewer,
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let raw = '';
  let buffer = '';
  let read = 0;
  const next = async (matches: (event: SseEvent) => boolean): Promise<SseEvent> => {
    for (;;) {
      while (read < events.length) {
        const event = events[read++];
        if (matches(event)) return event;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended');
      raw += chunk.value;
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        const event = field('event');
        const data = field('data');
        if (event && data) events.push({ event, id: field('id'), data: JSON.parse(data) });
      }
    }
  };
  return { next, raw: () => raw, close: () => abort.abort() };
}

describe('GET /api/v1/stream', () => {
  it('sends a fingerprint event for a drifting report, then a mismatch event for staging', async () => {
    // Replaying from the start proves the subscription is live before the report is sent.
    const stream = await openStream('?last_event_id=0000000000000000.0000000000000000');
    try {
      const hasInstance = (event: SseEvent, name: string) =>
        event.event === 'fingerprint' &&
        (event.data.items as Array<{ instance: string }>).some((item) => item.instance === name);
      await stream.next((event) => hasInstance(event, 'ws-7f9c'));

      const drifting = { ...DRIFTED, instance: 'ws-sse', version: '6' };
      expect(
        (await postJson(`${server.url}/api/v1/fingerprints`, drifting, asStagingIngest)).status,
      ).toBe(202);

      const fingerprint = await stream.next((event) => hasInstance(event, 'ws-sse'));
      expect(fingerprint.id).toMatch(/^\d{16}\.\d{16}$/);
      expect(fingerprint.data.items).toEqual([
        expect.objectContaining({
          environment: 'staging',
          service: 'backend-websocket',
          instance: 'ws-sse',
          kind: 'first_seen',
          key_id: null,
          fingerprint: 'sha256/16:e275dfc423d43d3e',
        }),
      ]);
      const mismatch = await stream.next(
        (event) => event.event === 'mismatch' && event.data.environment === 'staging',
      );
      expect(mismatch.data).toEqual({
        environment: 'staging',
        consistent: false,
        status: 'mismatch',
      });
    } finally {
      stream.close();
    }
  });

  it('answers 401 without a viewer token', async () => {
    const response = await fetch(`${server.url}/api/v1/stream`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

describe('POST /api/v1/inspect, fleet section', () => {
  it('predicts which staging services accept a token signed by the staging secret, and why the drifted one does not', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: 'staging-e2e-user-002', iat: now, exp: now + 3600 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(bytes(STAGING_SECRET));
    const response = await postJson(`${server.url}/api/v1/inspect`, { token }, asViewer);
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report.verified_by).toEqual(['staging-primary']);
    expect(report.fleet.environment).toBe('staging');
    const verdict = (service: string) =>
      report.fleet.services.find((entry: { service: string }) => entry.service === service);
    expect(verdict('auth-service')).toMatchObject({ accepts: true });
    expect(verdict('auth-service').reason).toContain('staging-primary');
    expect(verdict('backend-websocket').accepts).toBe(false);
    expect(verdict('backend-websocket').reason).toContain('env:JWT_SECRET_KEY');
  });
});

describe('secrecy of the fleet answers', () => {
  it('shows a weak secret reported by its sha256 as "weak secret — rotate", never as the value', async () => {
    const weak = unkeyed('changeme');
    const report = {
      environment: 'sandbox',
      service: 'demo-api',
      instance: 'demo-1',
      fingerprint: weak,
      source: 'env:JWT_SECRET',
      resolution: [{ source: 'env:JWT_SECRET', present: true, fingerprint: weak }],
    };
    expect(
      (await postJson(`${server.url}/api/v1/fingerprints`, report, asStagingIngest)).status,
    ).toBe(202);
    const fleet = await get('/api/v1/fleet');
    const sandbox = fleet.body.environments.find(
      (environment: { environment: string }) => environment.environment === 'sandbox',
    );
    expect(sandbox.purposes[0].groups[0]).toMatchObject({
      fingerprint: 'weak secret — rotate',
      weak: expect.stringContaining('rotate'),
    });
    const answers = [
      fleet,
      await get('/api/v1/environments/sandbox'),
      await get('/api/v1/environments/sandbox/consistency'),
      await get('/api/v1/environments/sandbox/history'),
    ];
    for (const answer of answers) expect(answer.text).not.toContain(weak.split(':')[1]);
  });

  it('never shows the keyring secret, its unkeyed digest or the pepper in any answer or log line', async () => {
    const fullSha = createHash('sha256').update(STAGING_SECRET).digest('hex');
    const forbidden = [
      ...encodingsOf(STAGING_SECRET),
      ...encodingsOf(PEPPER),
      fullSha,
      unkeyed(STAGING_SECRET).split(':')[1],
    ];
    const answers = await Promise.all([
      get('/api/v1/fleet'),
      get('/api/v1/environments/staging'),
      get('/api/v1/environments/staging/consistency'),
      get('/api/v1/environments/staging/history'),
      get('/api/v1/keys'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      for (const value of forbidden) expect(answer.text).not.toContain(value);
    }
    // The answers do mention the key, by name and keyed fingerprint.
    expect(answers[0].text).toContain(keyed(STAGING_SECRET));

    // auth-1 and rest-2 reported the unkeyed digest: the replayed stream must not echo it.
    const stream = await openStream('?last_event_id=0000000000000000.0000000000000000');
    try {
      await stream.next(
        (event) => event.event === 'fingerprint' && JSON.stringify(event.data).includes('auth-1'),
      );
      for (const value of forbidden) expect(stream.raw()).not.toContain(value);
    } finally {
      stream.close();
    }
    for (const value of forbidden) expect(server.logs()).not.toContain(value);
  });
});
