import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../../../lib/alerts/types';
import { recordIngestRejection } from '../../../lib/metrics/ingestRejections';
import { createMetrics, type Metrics } from '../../../lib/metrics/metrics';
import type { Store } from '../../../lib/store';
import { freshDataDir, openTestStore, STAGING_MISMATCH } from '../../alerts/harness';
import { normalizedFailure } from '../../fixtures/failures/normalizedFailure';
import { KEYS } from '../alerts/fixtures';
import type { Cause } from '../../../lib/triage/causes';

// Rows the store may hold that this version's triage never writes: none (older rows), a newer one.
const NO_CAUSE = '' as Cause;
const NEWER_CAUSE = 'made_up_cause' as Cause;

const MINUTE = 60_000;

/** The samples of one metric in the text exposition, as `{labels} value` lines. */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => line.slice(name.length))
    .sort();
}

describe('createMetrics (lib/metrics/metrics.ts) over a real store and prom-client registry', () => {
  let dataDir: string;
  let store: Store;
  let metrics: Metrics;
  let text: string;
  const startedAt = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;

  beforeAll(async () => {
    dataDir = freshDataDir();
    store = await openTestStore(dataDir);
    await store.fingerprints.record(STAGING_MISMATCH, Date.now());
    // A fingerprint in an environment that is not configured: never exported.
    await store.fingerprints.record(
      [{ ...STAGING_MISMATCH[0], environment: 'rogue-env' }],
      Date.now(),
    );
    const at = startedAt + 5 * MINUTE;
    await store.failures.insert([
      normalizedFailure({
        environment: 'staging',
        cause: 'secret_mismatch',
        occurred_at: at,
        received_at: at,
      }),
      normalizedFailure({
        environment: 'staging',
        cause: 'secret_mismatch',
        occurred_at: at,
        received_at: at,
      }),
      normalizedFailure({
        environment: 'staging',
        cause: NEWER_CAUSE,
        occurred_at: at,
        received_at: at,
      }),
      normalizedFailure({
        environment: 'development',
        cause: NO_CAUSE,
        occurred_at: at,
        received_at: at,
      }),
      normalizedFailure({
        environment: 'rogue-env',
        cause: 'expired',
        occurred_at: at,
        received_at: at,
      }),
      // Before this process started: not "ingested by it".
      normalizedFailure({
        environment: 'staging',
        cause: 'expired',
        occurred_at: startedAt - 5 * MINUTE,
        received_at: startedAt - 5 * MINUTE,
      }),
    ]);
    recordIngestRejection('POST', '/api/v1/failures', 'validation_failed');
    metrics = createMetrics({
      environments: ['development', 'staging'],
      store,
      instances: () => store.fingerprints.instances(),
      fleetOptions: () => ({ now: Date.now(), staleAfterMs: 3_600_000, keys: KEYS }),
      destinations: ['oncall', 'chat'],
      startedAt,
    });
    metrics.notificationResult('oncall', true);
    metrics.notificationResult('oncall', false);
    metrics.notificationResult('oncall', false);
    text = await metrics.registry.metrics();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('speaks the Prometheus text format: HELP and TYPE before each authscope family', () => {
    expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, type] of [
      ['authscope_fleet_consistent', 'gauge'],
      ['authscope_fleet_mismatch', 'gauge'],
      ['authscope_fleet_groups', 'gauge'],
      ['authscope_fleet_instances', 'gauge'],
      ['authscope_failures_ingested_total', 'counter'],
      ['authscope_alerts_firing', 'gauge'],
      ['authscope_notifications_pending', 'gauge'],
      ['authscope_ingest_rejected_total', 'counter'],
      ['authscope_notifications_total', 'counter'],
    ]) {
      const help = text.indexOf(`# HELP ${name} `);
      const typeLine = text.indexOf(`# TYPE ${name} ${type}\n`);
      expect(help, name).toBeGreaterThanOrEqual(0);
      expect(typeLine, name).toBeGreaterThan(help);
    }
    const own = text.split('\n').filter((line) => line.startsWith('authscope_'));
    expect(own.length).toBeGreaterThan(10);
    for (const line of own) expect(line).toMatch(/^authscope_[a-z_]+\{([a-z_]+="[^"]*",?)+\} \d+$/);
  });

  it('reports the staging mismatch per configured environment and purpose', () => {
    expect(samples(text, 'authscope_fleet_mismatch')).toEqual([
      '{environment="development",purpose="access-token"} 0',
      '{environment="staging",purpose="access-token"} 1',
    ]);
    expect(samples(text, 'authscope_fleet_consistent')).toEqual([
      '{environment="development",purpose="access-token"} 0',
      '{environment="staging",purpose="access-token"} 0',
    ]);
    expect(samples(text, 'authscope_fleet_groups')).toContain(
      '{environment="staging",purpose="access-token"} 2',
    );
    expect(samples(text, 'authscope_fleet_instances')).toContain(
      '{environment="staging",purpose="access-token",state="current"} 3',
    );
    expect(samples(text, 'authscope_fleet_instances')).toContain(
      '{environment="staging",purpose="access-token",state="stale"} 0',
    );
  });

  it('exports no series for an environment outside the configuration', () => {
    expect(text).not.toContain('rogue-env');
  });

  it('counts ingested failures by environment and a bounded cause, since the start', () => {
    expect(samples(text, 'authscope_failures_ingested_total')).toEqual([
      '{environment="development",cause="none"} 1',
      '{environment="staging",cause="other"} 1',
      '{environment="staging",cause="secret_mismatch"} 2',
    ]);
  });

  it('exports every alert kind, zero when nothing fires', () => {
    expect(samples(text, 'authscope_alerts_firing')).toEqual(
      ALERT_KINDS.map((kind) => `{kind="${kind}"} 0`).sort(),
    );
  });

  it('exports every configured destination’s outbox and both results from the start', () => {
    expect(samples(text, 'authscope_notifications_pending')).toEqual([
      '{destination="chat"} 0',
      '{destination="oncall"} 0',
    ]);
    expect(samples(text, 'authscope_notifications_total')).toEqual([
      '{destination="chat",result="delivered"} 0',
      '{destination="chat",result="failed"} 0',
      '{destination="oncall",result="delivered"} 1',
      '{destination="oncall",result="failed"} 2',
    ]);
  });

  it('exports the process’s ingest rejections', () => {
    expect(
      samples(text, 'authscope_ingest_rejected_total').find((line) =>
        line.startsWith('{endpoint="failures",reason="validation_failed"}'),
      ),
    ).toMatch(/ [1-9]\d*$/);
  });

  it('drops the default gauges whose names end in _total (promtool refuses them)', () => {
    expect(text).not.toMatch(/^nodejs_active_handles_total/m);
    expect(text).not.toMatch(/^nodejs_active_requests_total/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('reads the store again on the next scrape', async () => {
    const at = startedAt + 6 * MINUTE;
    await store.failures.insert([
      normalizedFailure({
        environment: 'development',
        cause: NO_CAUSE,
        occurred_at: at,
        received_at: at,
      }),
    ]);
    const next = await metrics.registry.metrics();
    expect(samples(next, 'authscope_failures_ingested_total')).toContain(
      '{environment="development",cause="none"} 2',
    );
  });
});
