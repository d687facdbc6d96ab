// GET /api/v1/fleet with 50 services × 20 instances × 3 environments and a year of weekly
// fingerprint changes behind them. Goal: p50 ≤ 50 ms.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../lib/store';
import { startServer } from '../test/helpers/server';
import { ms, summarize } from './stats';

const ENVIRONMENTS = ['development', 'staging', 'production'];
const SERVICES = 50;
const INSTANCES = 20;
const WEEKS = 52;

const fingerprint = (text: string) =>
  `sha256/16:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

export async function benchFleet(): Promise<void> {
  console.log(
    `\n## fleet: ${SERVICES} services × ${INSTANCES} instances × ${ENVIRONMENTS.length} environments, ${WEEKS} weeks of changes`,
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-bench-fleet-'));
  const store = await openStore({ dataDir });
  const now = Date.now();
  const reports = ENVIRONMENTS.flatMap((environment) =>
    Array.from({ length: SERVICES * INSTANCES }, (_, index) => ({
      environment,
      service: `service-${Math.floor(index / INSTANCES)}`,
      instance: `pod-${index % INSTANCES}`,
      purpose: 'access-token',
      // One drifted instance per environment, so grouping has work to do.
      fingerprint: fingerprint(`${environment}-week-${index === 7 ? WEEKS - 1 : WEEKS}`),
      source: 'env:JWT_SECRET',
      version: String(WEEKS),
      reported_at: new Date(now - 5_000).toISOString(),
    })),
  );
  await store.fingerprints.record(reports, now);
  await store.close();

  // The history behind them, written directly: a year of weekly rotations for every instance.
  const database = new BetterSqlite3(path.join(dataDir, 'authscope.db'));
  const insert =
    database.prepare(`insert into fingerprint_events (at, environment, purpose, service, instance, fingerprint, previous_fingerprint, source, version, kind)
    values (?, ?, 'access-token', ?, ?, ?, ?, 'env:JWT_SECRET', ?, 'changed')`);
  database.transaction(() => {
    for (const report of reports) {
      for (let week = 1; week < WEEKS; week++) {
        insert.run(
          now - (WEEKS - week) * 7 * 86_400_000,
          report.environment,
          report.service,
          report.instance,
          fingerprint(`${report.environment}-week-${week}`),
          fingerprint(`${report.environment}-week-${week - 1}`),
          String(week),
        );
      }
    }
  })();
  const events = (
    database.prepare('select count(*) as n from fingerprint_events').get() as { n: number }
  ).n;
  database.close();

  const server = await startServer({ AUTHSCOPE_DATA_DIR: dataDir, AUTHSCOPE_STALE_AFTER: '1h' });
  try {
    const time = async (route: string, runs: number) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const response = await fetch(`${server.url}${route}`);
        await response.arrayBuffer();
        samples.push(performance.now() - started);
      }
      return summarize(samples);
    };
    await time('/api/v1/fleet', 3); // warm up
    const fleet = await time('/api/v1/fleet', 30);
    console.log(
      `GET /api/v1/fleet over ${reports.length.toLocaleString('en')} instances and ${events.toLocaleString('en')} history events: p50 ${ms(fleet.p50)}, p99 ${ms(fleet.p99)} (goal p50 ≤ 50 ms)`,
    );
    const consistency = await time('/api/v1/environments/staging/consistency', 30);
    console.log(
      `GET /api/v1/environments/staging/consistency: p50 ${ms(consistency.p50)}, p99 ${ms(consistency.p99)}`,
    );
    const history = await time(
      `/api/v1/environments/staging/history?since=${new Date(now - 30 * 86_400_000).toISOString()}`,
      30,
    );
    console.log(
      `GET /api/v1/environments/staging/history (last 30 days, 200 rows): p50 ${ms(history.p50)}, p99 ${ms(history.p99)}`,
    );
  } finally {
    await server.stop();
  }
}
