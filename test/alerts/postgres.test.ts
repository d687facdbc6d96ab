import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../lib/store';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/postgres';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { engineFor, openTestStore, STAGING_AGREES, STAGING_MISMATCH } from './harness';

const HOOK = [
  { name: 'hook', kind: 'webhook' as const, url: 'env:HOOK_URL', secret: 'env:HOOK_SECRET' },
];

describe.skipIf(!PG_URL)('alerts on PostgreSQL', () => {
  let database: TestDatabase;
  let receiver: Receiver;
  let replicas: Store[];

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    replicas = [
      await openTestStore(os.tmpdir(), database.url),
      await openTestStore(os.tmpdir(), database.url),
    ];
  });

  afterAll(async () => {
    for (const store of replicas ?? []) await store.close();
    await receiver?.close();
    await database?.drop();
  });

  it('lets one replica evaluate and deliver: each transition reaches the receiver once', async () => {
    const env = { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: 'k' };
    const engines = replicas.map((store) => engineFor(store, HOOK, env, { for: '0s' }));
    await replicas[0]!.fingerprints.record(STAGING_MISMATCH, Date.now());
    await Promise.all(engines.map((engine) => engine.tick()));
    await Promise.all(engines.map((engine) => engine.tick()));
    await replicas[0]!.fingerprints.record(STAGING_AGREES, Date.now());
    await Promise.all(engines.map((engine) => engine.tick()));

    const leaders = await Promise.all(replicas.map((store) => store.isLeader()));
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const transitions = receiver.received.map(
      (request) => (JSON.parse(request.body) as { transition: string }).transition,
    );
    expect(transitions).toEqual(['firing', 'resolved']);
    const timeline = await replicas[1]!.alerts.timeline('staging/fleet_mismatch/access-token');
    expect(timeline.map((entry) => entry.kind)).toEqual(['resolved', 'firing']);
    await replicas[1]!.alerts.prune(Date.now() + 1000);
    expect(await replicas[0]!.alerts.get('staging/fleet_mismatch/access-token')).toBeNull();
  });

  it('writes an alert state only with its outbox rows: a failed outbox insert leaves no firing alert', async () => {
    const [store] = replicas;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      `create function refuse_outbox() returns trigger language plpgsql as $$ begin raise exception 'outbox unavailable'; end $$`,
    );
    await admin.query(
      'create trigger refuse_outbox before insert on alert_outbox for each row execute function refuse_outbox()',
    );
    const engine = engineFor(
      store!,
      HOOK,
      { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: 'k' },
      { for: '0s' },
    );
    await store!.fingerprints.record(STAGING_MISMATCH, Date.now());
    await expect(engine.evaluate()).rejects.toThrow(/outbox unavailable/);
    expect(await store!.alerts.open()).toEqual([]);

    await admin.query('drop trigger refuse_outbox on alert_outbox');
    await admin.end();
    await engine.evaluate();
    expect((await store!.alerts.open()).map((alert) => alert.status)).toEqual(['firing']);
    expect(
      (await store!.alerts.due(Number.MAX_SAFE_INTEGER)).map(
        (entry) => entry.notification.transition,
      ),
    ).toEqual(['firing']);
  });
});
