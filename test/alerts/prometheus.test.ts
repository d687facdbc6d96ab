import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../lib/metrics/metrics';
import type { Store } from '../../lib/store';
import { hasBinary, PROMTOOL } from '../helpers/prometheusTools';
import { KEYS } from '../unit/alerts/fixtures';
import { engineFor, ENVIRONMENTS, freshDataDir, openTestStore, STAGING_MISMATCH } from './harness';

const RULES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/prometheus',
);

describe.skipIf(!hasBinary(PROMTOOL))('promtool', () => {
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    dataDir = freshDataDir();
    store = await openTestStore(dataDir);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks the alerting rules in docs/prometheus', () => {
    expect(
      execFileSync(PROMTOOL, ['check', 'rules', 'authscope-rules.yml'], {
        cwd: RULES_DIR,
      }).toString(),
    ).toContain('SUCCESS: 4 rules found');
  });

  it('passes the rules’ unit tests (promtool test rules)', () => {
    expect(
      execFileSync(PROMTOOL, ['test', 'rules', 'authscope-rules.test.yml'], {
        cwd: RULES_DIR,
      }).toString(),
    ).toContain('SUCCESS');
  });

  it('finds nothing to complain about in the metrics during the staging mismatch', async () => {
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    await engineFor(store, [], {}, { for: '0s' }).evaluate();
    const metrics = createMetrics({
      environments: ENVIRONMENTS,
      store,
      instances: () => store.fingerprints.instances(),
      fleetOptions: () => ({ now: Date.now(), staleAfterMs: 3_600_000, keys: KEYS }),
      destinations: ['oncall'],
      startedAt: 0,
    });
    metrics.notificationResult('oncall', true);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'authscope_fleet_mismatch{environment="staging",purpose="access-token"} 1',
    );
    expect(text).toContain('authscope_alerts_firing{kind="fleet_mismatch"} 1');
    expect(text).toContain(
      'authscope_notifications_total{destination="oncall",result="delivered"} 1',
    );
    expect(execFileSync(PROMTOOL, ['check', 'metrics'], { input: text }).toString()).toBe('');
  });
});
