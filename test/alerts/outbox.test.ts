import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DeliveryWorker,
  loadDestinations,
  stepAlerts,
  type AlertCondition,
} from '../../lib/alerts';
import type { Store } from '../../lib/store';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { freshDataDir, openTestStore } from './harness';

const condition = (subject: string): AlertCondition => ({
  key: `staging/instance_stale/${subject}`,
  environment: 'staging',
  kind: 'instance_stale',
  subject,
  labels: { environment: 'staging', purpose: subject },
  summary: `staging: ${subject} went quiet`,
  immediate: true,
});
const OPTIONS = { forMs: 60_000, resendMs: 60_000 };

describe('the outbox', () => {
  let dataDir: string;
  let store: Store;
  let receiver: Receiver;
  beforeEach(async () => {
    dataDir = freshDataDir();
    store = await openTestStore(dataDir);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await store.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues a firing for every destination, the periodic re-send for Alertmanager only', async () => {
    const destinations = [
      { name: 'am', kind: 'alertmanager' as const },
      { name: 'chat', kind: 'slack' as const },
    ];
    const t0 = Date.now();
    const firing = stepAlerts([], [condition('access-token')], { now: t0, ...OPTIONS });
    await store.alerts.apply(firing, destinations, () => 'http://x', t0);
    const resend = stepAlerts(await store.alerts.open(), [condition('access-token')], {
      now: t0 + 60_000,
      ...OPTIONS,
    });
    expect(resend.transitions.map((transition) => transition.kind)).toEqual(['resend']);
    await store.alerts.apply(resend, destinations, () => 'http://x', t0 + 60_000);
    const queued = (await store.alerts.due(Number.MAX_SAFE_INTEGER)).map(
      (entry) => `${entry.notification.transition}→${entry.destination}`,
    );
    expect(queued).toEqual(['firing→am', 'firing→chat', 'resend→am']);
  });

  it('queues nothing to send for a silenced alert, and says so', async () => {
    const t0 = Date.now();
    await store.alerts.apply(
      stepAlerts([], [condition('access-token')], { now: t0, ...OPTIONS }),
      [{ name: 'chat', kind: 'slack' }],
      () => 'http://x',
      t0,
    );
    expect(
      await store.alerts.silence(
        'staging/instance_stale/access-token',
        t0 + 3_600_000,
        t0,
        'alice',
      ),
    ).toBe(true);
    await store.alerts.apply(
      stepAlerts(await store.alerts.open(), [], { now: t0 + 1000, ...OPTIONS }),
      [{ name: 'chat', kind: 'slack' }],
      () => 'http://x',
      t0 + 1000,
    );
    const rows = await store.alerts.deliveries(['staging/instance_stale/access-token']);
    expect(rows.map((row) => [row.notification.transition, row.status])).toEqual([
      ['resolved', 'silenced'],
    ]);
    expect(
      (await store.alerts.timeline('staging/instance_stale/access-token')).map(
        (entry) => entry.kind,
      ),
    ).toEqual(['resolved', 'silenced', 'firing']);
  });

  it('prunes settled alerts and sent notifications, never a pending one', async () => {
    const t0 = Date.now() - 10 * 86_400_000;
    const destinations = [{ name: 'chat', kind: 'slack' as const }];
    await store.alerts.apply(
      stepAlerts([], [condition('a'), condition('b')], { now: t0, ...OPTIONS }),
      destinations,
      () => 'http://x',
      t0,
    );
    await store.alerts.apply(
      stepAlerts(await store.alerts.open(), [], { now: t0 + 1000, ...OPTIONS }),
      destinations,
      () => 'http://x',
      t0 + 1000,
    );
    const rows = await store.alerts.due(Number.MAX_SAFE_INTEGER);
    for (const row of rows.filter((entry) => entry.key.endsWith('/a')))
      await store.alerts.delivered(row.id, 'HTTP 200', t0 + 2000);
    await store.alerts.prune(Date.now() - 7 * 86_400_000);
    expect(await store.alerts.get('staging/instance_stale/a')).toBeNull();
    expect(await store.alerts.timeline('staging/instance_stale/a')).toEqual([]);
    expect((await store.alerts.get('staging/instance_stale/b'))?.status).toBe('resolved');
    expect((await store.alerts.due(Number.MAX_SAFE_INTEGER)).map((entry) => entry.key)).toEqual([
      'staging/instance_stale/b',
      'staging/instance_stale/b',
    ]);
  });

  it('sends a Slack-compatible webhook at most one message per second', async () => {
    const t0 = Date.now();
    const step = stepAlerts([], [condition('a'), condition('b'), condition('c')], {
      now: t0,
      ...OPTIONS,
    });
    await store.alerts.apply(step, [{ name: 'chat', kind: 'slack' }], () => 'http://x', t0);
    const destinations = loadDestinations([{ name: 'chat', kind: 'slack', url: 'env:SLACK_URL' }], {
      SLACK_URL: `${receiver.url}/services/T/B/X`,
    });
    const arrivals: number[] = [];
    receiver.respond = () => {
      arrivals.push(Date.now());
      return 200;
    };
    expect(
      await new DeliveryWorker({ store: store.alerts, destinations, resendMs: 60_000 }).run(),
    ).toBe(3);
    expect(arrivals).toHaveLength(3);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(990);
    const body = JSON.parse(receiver.received[0]!.body) as { text: string; blocks: unknown[] };
    expect(body.text).toBe('[FIRING] instance_stale: staging: a went quiet');
    expect(body.blocks.length).toBe(2);
  });
});
