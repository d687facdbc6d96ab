import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../lib/probes/types';
import type { Store } from '../../lib/store';
import { engineFor, freshDataDir, openTestStore } from './harness';

const run = (runId: string, at: number, outcome: ProbeResult['outcome']): ProbeResult => ({
  runId,
  at,
  environment: 'staging',
  probe: 'rest-then-ws',
  target: 'backend-websocket',
  kind: 'websocket',
  way: 'subprotocol',
  service: 'backend-websocket',
  instance: null,
  url: 'ws://127.0.0.1:1/ws',
  outcome,
  status: 101,
  closeCode: outcome === 'pass' ? null : 1008,
  reason: outcome === 'pass' ? null : 'invalid token',
  latencyMs: 3,
  tokenSource: 'mint',
  signedBy: 'staging-primary',
});

describe('probe_failing from the probe store', () => {
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  it('fires once a target × way has failed three runs in a row, and not before', async () => {
    store = await openTestStore(freshDataDir());
    const engine = engineFor(store, [], {}, { for: '0s' });
    const now = Date.now();
    await store.probes.insert([run('r1', now - 90_000, 'pass')]);
    await store.probes.insert([run('r2', now - 60_000, 'fail')]);
    await store.probes.insert([run('r3', now - 30_000, 'fail')]);
    expect(
      (await engine.conditions(now)).filter((condition) => condition.kind === 'probe_failing'),
    ).toEqual([]);

    await store.probes.insert([run('r4', now - 1_000, 'fail')]);
    const failing = (await engine.conditions(now)).filter(
      (condition) => condition.kind === 'probe_failing',
    );
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ environment: 'staging', kind: 'probe_failing' });
  });
});
