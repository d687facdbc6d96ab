import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../lib/keys/fingerprint';
import { eventually, hasBinary, PROMETHEUS, PROMTOOL } from '../helpers/prometheusTools';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { freePort, postJson, startServer, type RunningServer } from '../helpers/server';

const PRIMARY = `staging-primary-${randomBytes(24).toString('hex')}`;
const LEGACY = `staging-legacy-${randomBytes(24).toString('hex')}`;
const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
const METRICS_TOKEN = `metrics-${randomBytes(16).toString('hex')}`;
const HOOK_SECRET = `hook-${randomBytes(16).toString('hex')}`;
const HOOK_PATH = `/services/T${randomBytes(6).toString('hex')}/B${randomBytes(8).toString('hex')}`;
const asViewer = { authorization: `Bearer ${VIEWER}` };
const SUMMARY =
  'staging: backend-websocket resolves staging-legacy from env:JWT_SECRET_KEY; auth-service and backend-rest resolve staging-primary';
const fp = (secret: string) => sha256Fingerprint(new TextEncoder().encode(secret));
const report = (service: string, instance: string, secret: string, source: string) => ({
  environment: 'staging',
  service,
  instance,
  algorithm: 'HS256',
  fingerprint: fp(secret),
  source,
});
const MISMATCH = [
  report('auth-service', 'auth-1', PRIMARY, 'env:JWT_SECRET_STAGING'),
  report('backend-rest', 'rest-1', PRIMARY, 'env:JWT_SECRET_STAGING'),
  report('backend-websocket', 'ws-1', LEGACY, 'env:JWT_SECRET_KEY'),
];
const SECRETS = [PRIMARY, LEGACY, VIEWER, INGEST, METRICS_TOKEN, HOOK_SECRET, HOOK_PATH];

let receiver: Receiver;
let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  receiver = await startReceiver();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-alerts-api-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['development', 'staging'],
      keys: [
        {
          id: 'staging-primary',
          environment: 'staging',
          from: 'env:JWT_SECRET_STAGING',
          alg: 'HS256',
        },
        { id: 'staging-legacy', environment: 'staging', from: 'env:JWT_SECRET_KEY', alg: 'HS256' },
      ],
      ingestKeys: [{ name: 'staging-services', from: 'env:INGEST_KEY' }],
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
      notify: [
        {
          name: 'oncall-hook',
          kind: 'webhook',
          url: 'env:ALERT_HOOK_URL',
          secret: 'env:ALERT_HOOK_SECRET',
        },
      ],
      alerts: { for: '1s', evaluateEvery: '300ms', failureSpike: { threshold: 5, window: '5m' } },
    }),
  );
  env = {
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_DATA_DIR: path.join(dir, 'data'),
    JWT_SECRET_STAGING: PRIMARY,
    JWT_SECRET_KEY: LEGACY,
    INGEST_KEY: INGEST,
    VIEWER_ALICE: VIEWER,
    ALERT_HOOK_URL: `${receiver.url}${HOOK_PATH}`,
    ALERT_HOOK_SECRET: HOOK_SECRET,
    AUTHSCOPE_METRICS_TOKEN: METRICS_TOKEN,
  };
  server = await startServer(env);
  const posted = await postJson(
    `${server.url}/api/v1/fingerprints`,
    { reports: MISMATCH },
    { authorization: `Bearer ${INGEST}` },
  );
  expect(posted.status).toBe(202);
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

const firingHooks = () =>
  receiver.received
    .map((request) => ({
      request,
      body: JSON.parse(request.body) as { key: string; transition: string; summary: string },
    }))
    .filter((hook) => hook.body.transition === 'firing');

describe('alerts through the server', () => {
  it('notifies the signed webhook of the staging mismatch after `for`', async () => {
    const [hook] = await eventually(
      async () => firingHooks().length > 0 && firingHooks(),
      20_000,
      'the firing webhook',
    );
    expect(hook!.request.path).toBe(HOOK_PATH);
    expect(hook!.body).toMatchObject({
      key: 'staging/fleet_mismatch/access-token',
      summary: SUMMARY,
    });
    const timestamp = String(hook!.request.headers['x-authscope-timestamp']);
    expect(hook!.request.headers['x-authscope-signature']).toBe(
      `sha256=${createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${hook!.request.body}`).digest('hex')}`,
    );
  });

  it('lists the firing alert with its delivery status per destination, by host only', async () => {
    const body = await eventually(
      async () => {
        const answer = (await (
          await fetch(`${server.url}/api/v1/alerts`, { headers: asViewer })
        ).json()) as {
          destinations: unknown[];
          alerts: Array<{ status: string; deliveries: Array<{ status: string }> }>;
        };
        return answer.alerts[0]?.deliveries[0]?.status === 'delivered' && answer;
      },
      10_000,
      'a delivered alert',
    );
    expect(body.destinations).toEqual([
      { name: 'oncall-hook', kind: 'webhook', host: `127.0.0.1:${receiver.port}` },
    ]);
    expect(body.alerts[0]).toMatchObject({
      key: 'staging/fleet_mismatch/access-token',
      status: 'firing',
      summary: SUMMARY,
      deliveries: [
        { name: 'oncall-hook', host: `127.0.0.1:${receiver.port}`, status: 'delivered' },
      ],
    });
    expect((await fetch(`${server.url}/api/v1/alerts`)).status).toBe(401);
  });

  it('silences an alert for a duration, audited; bad input is a 400 that changes nothing', async () => {
    const bad = await postJson(
      `${server.url}/api/v1/alerts/silences`,
      { key: 'staging/fleet_mismatch/access-token', duration: '30d' },
      asViewer,
    );
    expect(bad.status).toBe(400);
    const missing = await postJson(
      `${server.url}/api/v1/alerts/silences`,
      { key: 'staging/nope/x', duration: '1h' },
      asViewer,
    );
    expect(missing.status).toBe(404);
    const ok = await postJson(
      `${server.url}/api/v1/alerts/silences`,
      { key: 'staging/fleet_mismatch/access-token', duration: '1h' },
      asViewer,
    );
    expect(ok.status).toBe(200);
    const audit = (await (
      await fetch(`${server.url}/api/v1/audit`, { headers: asViewer })
    ).json()) as { items: Array<{ action: string; actor: string }> };
    const entries = audit.items;
    expect(
      entries.some((entry) => entry.action === 'alert_silenced' && entry.actor === 'alice'),
    ).toBe(true);
    const listed = (await (
      await fetch(`${server.url}/api/v1/alerts`, { headers: asViewer })
    ).json()) as { alerts: Array<{ silenced_until: string | null }> };
    expect(listed.alerts[0]!.silenced_until).not.toBeNull();
  });

  it('serves /metrics to the metrics token only, clean for promtool, staging inconsistent', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: asViewer })).status).toBe(401);
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(
      'authscope_fleet_consistent{environment="staging",purpose="access-token"} 0',
    );
    expect(text).toContain(
      'authscope_fleet_groups{environment="staging",purpose="access-token"} 2',
    );
    expect(text).toContain('authscope_alerts_firing{kind="fleet_mismatch"} 1');
    expect(text).toMatch(
      /authscope_notifications_total\{destination="oncall-hook",result="delivered"\} [1-9]/,
    );
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toMatch(/instance="|user="|service="/);
    if (hasBinary(PROMTOOL))
      expect(execFileSync(PROMTOOL, ['check', 'metrics'], { input: text }).toString()).toBe('');
  });

  it('is scraped by a real Prometheus, whose API then shows staging inconsistent', async () => {
    if (!hasBinary(PROMETHEUS)) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-prometheus-'));
    const port = await freePort();
    writeFileSync(path.join(dir, 'token'), METRICS_TOKEN);
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: authscope',
        '    authorization:',
        `      credentials_file: ${path.join(dir, 'token')}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${server.port}']`,
        '',
      ].join('\n'),
    );
    const prometheus: ChildProcess = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const query = encodeURIComponent('authscope_fleet_consistent{environment="staging"}');
      const result = await eventually(
        async () => {
          const answer = (await (
            await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`)
          ).json()) as {
            data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
          };
          return answer.data.result.length > 0 && answer.data.result;
        },
        30_000,
        'Prometheus to scrape authscope',
      );
      expect(result[0]!.metric).toMatchObject({
        environment: 'staging',
        purpose: 'access-token',
        job: 'authscope',
      });
      expect(result[0]!.value[1]).toBe('0');
    } finally {
      prometheus.kill('SIGTERM');
      await new Promise((resolve) => prometheus.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('raises failure_spike when one cause passes the threshold in an environment, and counts the failures in /metrics', async () => {
    const events = Array.from({ length: 6 }, (_, index) => ({
      environment: 'staging',
      service: 'backend-websocket',
      instance: 'ws-1',
      payload: { error_code: 'AUTH_FAILED', error_message: `handshake ${index} without a token` },
    }));
    expect(
      (
        await postJson(
          `${server.url}/api/v1/failures`,
          { events },
          { authorization: `Bearer ${INGEST}` },
        )
      ).status,
    ).toBe(202);
    const spike = await eventually(
      async () => {
        const answer = (await (
          await fetch(`${server.url}/api/v1/alerts`, { headers: asViewer })
        ).json()) as {
          alerts: Array<{
            kind: string;
            key: string;
            summary: string;
            labels: Record<string, string>;
          }>;
        };
        return answer.alerts.find((alert) => alert.kind === 'failure_spike');
      },
      10_000,
      'the failure_spike alert',
    );
    expect(spike.summary).toBe(
      `staging: 6 ${spike.labels.cause} failures in the last 5 min (threshold 5)`,
    );
    expect(spike.key).toBe(`staging/failure_spike/${spike.labels.cause}`);
    await eventually(
      async () =>
        receiver.received.some((request) => request.body.includes('"kind":"failure_spike"')),
      10_000,
      'the spike webhook',
    );
    const text = await (
      await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
    ).text();
    expect(text).toContain(
      `authscope_failures_ingested_total{environment="staging",cause="${spike.labels.cause}"} 6`,
    );
  });

  it('counts refused ingest requests by endpoint and reason', async () => {
    expect(
      (
        await postJson(`${server.url}/api/v1/failures`, '{"not json', {
          authorization: `Bearer ${INGEST}`,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { reports: MISMATCH },
          { authorization: 'Bearer not-a-key' },
        )
      ).status,
    ).toBe(401);
    const text = await (
      await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
    ).text();
    expect(text).toMatch(
      /authscope_ingest_rejected_total\{endpoint="failures",reason="invalid_json"\} 1/,
    );
    expect(text).toMatch(
      /authscope_ingest_rejected_total\{endpoint="fingerprints",reason="unauthorized"\} 1/,
    );
  });

  it('shows no secret, token or webhook path in /metrics, the alerts API, the alerts and overview pages or the log', async () => {
    const bodies = [
      await (
        await fetch(`${server.url}/metrics`, {
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        })
      ).text(),
      await (await fetch(`${server.url}/api/v1/alerts`, { headers: asViewer })).text(),
      await (await fetch(`${server.url}/alerts`, { headers: asViewer })).text(),
      await (await fetch(`${server.url}/`, { headers: asViewer })).text(),
      server.logs(),
    ];
    expect(bodies[2]).toContain(SUMMARY);
    expect(bodies[3]).toContain('alert-firing-summary');
    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });
});

describe('the alert stream event', () => {
  it('tells an open stream when the staging alert resolves', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/stream`, {
      headers: asViewer,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const agree = MISMATCH.map((entry) => ({
      ...entry,
      fingerprint: fp(PRIMARY),
      source: 'env:JWT_SECRET_STAGING',
    }));
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { reports: agree },
          { authorization: `Bearer ${INGEST}` },
        )
      ).status,
    ).toBe(202);
    let text = '';
    const deadline = Date.now() + 15_000;
    while (!/event: alert\ndata: .*"status":"resolved"/.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(
      /event: alert\ndata: .*"key":"staging\/fleet_mismatch\/access-token".*"status":"resolved"/,
    );
  });
});

describe('a notify destination without its variable', () => {
  it('stops the server at start, naming the entry and the variable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-alerts-bad-'));
    writeFileSync(
      path.join(dir, 'authscope.json'),
      JSON.stringify({
        notify: [{ name: 'oncall-am', kind: 'alertmanager', url: 'env:AM_URL_NOT_SET' }],
      }),
    );
    await expect(
      startServer({ AUTHSCOPE_CONFIG: path.join(dir, 'authscope.json') }),
    ).rejects.toThrow('notify[0] (oncall-am): environment variable AM_URL_NOT_SET is not set');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a SIGKILL of the server mid-delivery', () => {
  it('ends with the notification delivered after the restart', async () => {
    const hooks = await startReceiver();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-alerts-kill-'));
    const ownEnv = {
      ...env,
      AUTHSCOPE_DATA_DIR: path.join(dir, 'data'),
      ALERT_HOOK_URL: `${hooks.url}/hook`,
    };
    hooks.respond = () => 'hang';
    const first = await startServer(ownEnv);
    try {
      expect(
        (
          await postJson(
            `${first.url}/api/v1/fingerprints`,
            { reports: MISMATCH },
            { authorization: `Bearer ${INGEST}` },
          )
        ).status,
      ).toBe(202);
      await eventually(async () => hooks.received.length > 0, 20_000, 'the delivery in flight');
      process.kill(first.pid, 'SIGKILL');
      await first.stop();
      hooks.respond = () => 200;
      const second = await startServer(ownEnv);
      try {
        const listed = await eventually(
          async () => {
            const answer = (await (
              await fetch(`${second.url}/api/v1/alerts`, { headers: asViewer })
            ).json()) as { alerts: Array<{ key: string; deliveries: Array<{ status: string }> }> };
            return answer.alerts[0]?.deliveries[0]?.status === 'delivered' && answer;
          },
          30_000,
          'the delivery after the restart',
        );
        expect(listed.alerts[0]!.key).toBe('staging/fleet_mismatch/access-token');
        const keys = new Set(
          hooks.received.map((request) => (JSON.parse(request.body) as { key: string }).key),
        );
        expect([...keys]).toEqual(['staging/fleet_mismatch/access-token']);
        expect(hooks.received.length).toBeGreaterThanOrEqual(2);
      } finally {
        await second.stop();
      }
    } finally {
      await hooks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
