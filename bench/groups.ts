// Failure groups over a million stored events: seeded straight into the store (the ingest path is
// measured in bench/failures.ts), then read through the real HTTP API. Figures only.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NormalizedFailure } from '../lib/failures';
import type { FailureFilter } from '../lib/failures';
import { openStore } from '../lib/store';
import { openDatabase } from '../lib/store/database';
import { failureGroups } from '../lib/store/failureGroups';
import { normalizedFailure } from '../test/fixtures/failures/normalizedFailure';
import { startServer } from '../test/helpers/server';
import { ms, summarize } from './stats';

const TOTAL = Number(process.env.BENCH_FAILURES ?? 1_000_000);
const DAY = 86_400_000;
const SERVICES = ['auth-service', 'backend-rest', 'backend-websocket', 'gateway'];
const ENVIRONMENTS = ['development', 'staging', 'production'];
const CAUSES = [
  ['secret_mismatch', 'VALIDATION_FAILED'],
  ['expired', 'TOKEN_EXPIRED'],
  ['missing_token', 'MISSING_TOKEN'],
  ['unknown_signer', 'INVALID_SIGNATURE'],
] as const;
const KEYS = ['primary', 'legacy', null];

function event(index: number, now: number): NormalizedFailure {
  const environment = ENVIRONMENTS[index % 3];
  const [cause, error_code] = CAUSES[(index >> 2) % CAUSES.length];
  return normalizedFailure({
    occurred_at: now - ((index * 7919) % DAY),
    received_at: now,
    environment,
    service: SERVICES[(index >> 1) % SERVICES.length],
    instance: `pod-${index % 17}`,
    user: `user-${index % 500}`,
    error_code,
    cause,
    cause_detail: `${cause} in ${environment}`,
    signed_by: KEYS[index % 3] && `${environment}-${KEYS[index % 3]}`,
    resolved_key: KEYS[(index >> 3) % 3] && `${environment}-${KEYS[(index >> 3) % 3]}`,
    error_message: 'Token validation failed | Debug: 373 chars, 2 dots',
    raw: { n: index },
  });
}

async function timeRequests(url: string, runs: number) {
  const samples: number[] = [];
  let groups = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { items: unknown[] };
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    samples.push(performance.now() - started);
    groups = body.items.length;
  }
  return { ...summarize(samples), groups };
}

export async function benchGroups(): Promise<void> {
  console.log(`\n## failure groups (SQLite, ${TOTAL.toLocaleString('en')} events over 24 h)`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-bench-groups-'));
  const store = await openStore({ dataDir });
  const now = Date.now();
  const started = performance.now();
  for (let from = 0; from < TOTAL; from += 2_000) {
    await store.failures.insert(
      Array.from({ length: Math.min(2_000, TOTAL - from) }, (_, offset) =>
        event(from + offset, now),
      ),
    );
  }
  console.log(
    `seeded in ${((performance.now() - started) / 1000).toFixed(0)} s (through the store)`,
  );
  await store.close();

  const server = await startServer({ AUTHSCOPE_DATA_DIR: dataDir });
  try {
    const at = (ms: number) => new Date(ms).toISOString();
    const cases: Array<[string, string]> = [
      ['24 h, every environment', `since=${at(now - DAY)}&until=${at(now + 1)}`],
      ['24 h, one environment', `environment=staging&since=${at(now - DAY)}&until=${at(now + 1)}`],
      ['last hour, every environment', `since=${at(now - 3_600_000)}&until=${at(now + 1)}`],
      [
        'last hour, one environment and service',
        `environment=production&service=backend-websocket&since=${at(now - 3_600_000)}`,
      ],
    ];
    for (const [label, query] of cases) {
      const figures = await timeRequests(
        `${server.url}/api/v1/failures/groups?limit=50&${query}`,
        5,
      );
      console.log(
        `groups, ${label}: p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)} (${figures.groups} groups on the page)`,
      );
    }
  } finally {
    await server.stop();
  }
  await rollupBesideEvents(dataDir, now);
}

/**
 * In process, no HTTP: the same page from the group rollup and from the events alone (the query
 * the groups used before the rollup), so the rollup's gain is read beside its raw baseline.
 */
async function rollupBesideEvents(dataDir: string, now: number): Promise<void> {
  const { db } = await openDatabase({ dataDir });
  const cases: Array<[string, FailureFilter]> = [
    ['24 h, every environment', { equals: {}, since: now - DAY, until: now + 1 }],
    [
      '24 h, one environment',
      { equals: { environment: 'staging' }, since: now - DAY, until: now + 1 },
    ],
    ['last hour, every environment', { equals: {}, since: now - 3_600_000, until: now + 1 }],
  ];
  try {
    for (const [label, filter] of cases) {
      const time = async (source: 'events' | undefined, runs: number) => {
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          await failureGroups(db, filter, { limit: 50, now, source });
          samples.push(performance.now() - started);
        }
        return summarize(samples);
      };
      const rollup = await time(undefined, 5);
      const events = await time('events', 2);
      console.log(
        `groups in process, ${label}: rollup p50 ${ms(rollup.p50)}; raw baseline (events only) p50 ${ms(events.p50)}`,
      );
    }
  } finally {
    await db.destroy();
  }
}
