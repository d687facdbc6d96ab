import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../lib/store';
import { ALERTMANAGER, eventually, hasBinary } from '../helpers/prometheusTools';
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

interface AmWebhook {
  status: string;
  alerts: Array<{
    status: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    generatorURL: string;
  }>;
}

describe.skipIf(!hasBinary(ALERTMANAGER))('a real Alertmanager', () => {
  let receiver: Receiver;
  let alertmanager: ChildProcess;
  let amUrl: string;
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    receiver = await startReceiver();
    dataDir = freshDataDir();
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    const config = path.join(dataDir, 'alertmanager.yml');
    writeFileSync(
      config,
      [
        'route:',
        '  receiver: hook',
        "  group_by: ['alertname', 'environment']",
        '  group_wait: 0s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: hook',
        '    webhook_configs:',
        `      - url: ${receiver.url}/hook`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    );
    alertmanager = spawn(
      ALERTMANAGER,
      [
        `--config.file=${config}`,
        `--storage.path=${path.join(dataDir, 'am')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    await eventually(
      async () => (await fetch(`${amUrl}/-/ready`)).ok,
      20_000,
      'Alertmanager to be ready',
    );
    store = await openTestStore(dataDir);
  });

  afterAll(async () => {
    alertmanager?.kill('SIGTERM');
    await store?.close();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('receives the staging mismatch as a firing alert with labels and summary, and sees it resolve', async () => {
    const engine = engineFor(
      store,
      [{ name: 'oncall-am', kind: 'alertmanager', url: 'env:AM_URL' }],
      { AM_URL: amUrl },
    );
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    await engine.tick();
    expect((await store.alerts.open()).map((alert) => alert.status)).toEqual(['pending']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await engine.tick();

    const active = await eventually(
      async () => {
        const alerts = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as Array<{
          labels: Record<string, string>;
          annotations: Record<string, string>;
          status: { state: string };
          generatorURL: string;
        }>;
        return alerts.length > 0 ? alerts : null;
      },
      10_000,
      'the alert in Alertmanager',
    );
    expect(active).toHaveLength(1);
    expect(active[0]!.labels).toEqual({
      alertname: 'fleet_mismatch',
      environment: 'staging',
      purpose: 'access-token',
      source: 'authscope',
    });
    expect(active[0]!.annotations.summary).toBe(SUMMARY);
    expect(active[0]!.status.state).toBe('active');
    expect(active[0]!.generatorURL).toMatch(
      /^http:\/\/127\.0\.0\.1:3000\/incidents\/new\?environment=staging&from=.+&to=.+/,
    );

    const firing = await eventually(
      async () => webhooks(receiver).find((hook) => hook.status === 'firing'),
      15_000,
      'the firing webhook',
    );
    expect(firing.alerts[0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'fleet_mismatch', environment: 'staging' },
      annotations: { summary: SUMMARY },
    });

    await store.fingerprints.record(STAGING_AGREES, Date.now());
    await engine.tick();
    expect(await store.alerts.open()).toEqual([]);
    const resolved = await eventually(
      async () => webhooks(receiver).find((hook) => hook.status === 'resolved'),
      15_000,
      'the resolved webhook',
    );
    expect(resolved.alerts[0]).toMatchObject({
      status: 'resolved',
      labels: { alertname: 'fleet_mismatch', environment: 'staging' },
    });
    const outbox = await store.alerts.deliveries(['staging/fleet_mismatch/access-token']);
    expect(
      outbox.map((entry) => [entry.destination, entry.status, entry.notification.transition]),
    ).toEqual([['oncall-am', 'delivered', 'resolved']]);
  });
});

function webhooks(receiver: Receiver): AmWebhook[] {
  return receiver.received
    .filter((entry) => entry.path === '/hook')
    .map((entry) => JSON.parse(entry.body) as AmWebhook);
}
