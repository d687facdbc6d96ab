// Failures: ingest through the HTTP API beside raw better-sqlite3 inserts of the same rows, reads
// over a million stored events, 202 → SSE latency, and the server's memory. Figures only.
import { readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { normalizeFailure, parseFailureInput } from '../lib/failures';
import { openStore } from '../lib/store';
import { toRow } from '../lib/store/failureRows';
import { specFixture } from '../test/helpers/fixtures';
import { startServer, type RunningServer } from '../test/helpers/server';
import { post } from './httpClient';
import { pool } from './load';
import { streamLatency } from './streamLatency';
import { ms, summarize } from './stats';

const INGEST_KEY = 'bench-ingest-key-0b1c2d3e-5f6a7b8c9d0e1f2a';
const TOTAL = Number(process.env.BENCH_FAILURES ?? 1_000_000);
const BATCH = 100;
const SERVICES = ['auth-service', 'backend-rest', 'backend-websocket', 'gateway'];
const CODES = ['VALIDATION_FAILED', 'TOKEN_EXPIRED', 'MISSING_TOKEN', 'INVALID_SIGNATURE'];
const ENVIRONMENTS = ['development', 'staging', 'production'];
const FIXTURE = specFixture('failure-websocket-validation.json');

function event(index: number, now: number): Record<string, unknown> {
  return {
    service: SERVICES[index % SERVICES.length],
    instance: `pod-${index % 17}`,
    environment: ENVIRONMENTS[index % ENVIRONMENTS.length],
    occurred_at: new Date(now - ((index * 7919) % 86_400_000)).toISOString(),
    user: `user-${index % 500}`,
    payload: { ...FIXTURE, error_code: CODES[index % CODES.length] },
  };
}

const headers = { authorization: `Bearer ${INGEST_KEY}` };

async function rawBaseline(rows: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-bench-raw-'));
  const store = await openStore({ dataDir: dir });
  await store.close();
  const now = Date.now();
  const parsed = parseFailureInput({
    events: Array.from({ length: BATCH }, (_, index) => event(index, now)),
  });
  if (!parsed.ok) throw new Error('bench fixture invalid');
  const normalized = await Promise.all(
    parsed.events.map((item) =>
      normalizeFailure(item, item.environment!, {
        receivedAt: now,
        redactionKey: new Uint8Array(32),
        signerOf: async () => null,
      }),
    ),
  );
  const sample = normalized.map(toRow);
  const database = new BetterSqlite3(path.join(dir, 'authscope.db'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  const columns = Object.keys(sample[0]);
  const insert = database.prepare(
    `insert into failures (${columns.join(',')}) values (${columns.map((name) => `@${name}`).join(',')})`,
  );
  const batch = database.transaction((items: typeof sample) => {
    for (const item of items) insert.run(item);
  });
  const started = performance.now();
  for (let done = 0; done < rows; done += BATCH) batch(sample);
  const seconds = (performance.now() - started) / 1000;
  database.close();
  return rows / seconds;
}

async function ingestBatches(
  server: RunningServer,
  from: number,
  count: number,
  now: number,
): Promise<number> {
  const started = performance.now();
  await pool(Math.ceil(count / BATCH), 4, async (batchIndex) => {
    const events = Array.from({ length: BATCH }, (_, offset) =>
      event(from + batchIndex * BATCH + offset, now),
    );
    const response = await post(
      `${server.url}/api/v1/failures`,
      JSON.stringify({ events }),
      headers,
    );
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
  });
  return count / ((performance.now() - started) / 1000);
}

async function singlePosts(server: RunningServer, count: number, now: number): Promise<number> {
  const started = performance.now();
  await pool(count, 16, async (index) => {
    const response = await post(
      `${server.url}/api/v1/failures`,
      JSON.stringify(event(index, now)),
      headers,
    );
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
  });
  return count / ((performance.now() - started) / 1000);
}

async function timeRequests(url: string, runs: number): Promise<ReturnType<typeof summarize>> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

export async function benchFailures(): Promise<void> {
  console.log(`\n## failures (SQLite, ${TOTAL.toLocaleString('en')} events)`);
  const raw = await rawBaseline(100_000);
  const server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
  try {
    const now = Date.now();
    const api = await ingestBatches(server, 0, 100_000, now);
    console.log(
      `ingest, batches of ${BATCH}: ${api.toFixed(0)} events/s through the API; raw better-sqlite3 batched inserts: ${raw.toFixed(0)} events/s (${((api / raw) * 100).toFixed(0)} % of raw; goal ≥ 40 %)`,
    );
    const single = await singlePosts(server, 5_000, now);
    console.log(
      `ingest, one event per POST (16 concurrent): ${single.toFixed(0)} posts/s (goal ≥ 2,000/s)`,
    );

    const seeded = 105_000;
    const started = performance.now();
    await ingestBatches(server, seeded, Math.max(0, TOTAL - seeded), now);
    console.log(
      `seeded ${TOTAL.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    const stats = await timeRequests(
      `${server.url}/api/v1/failures/stats?bucket=minute&by=error_code&since=${new Date(now - 86_400_000).toISOString()}&until=${new Date(now).toISOString()}`,
      30,
    );
    console.log(
      `stats, 24 h by minute over ${TOTAL.toLocaleString('en')} events: p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)} (goal p50 ≤ 50 ms)`,
    );
    const filtered = await timeRequests(
      `${server.url}/api/v1/failures/stats?bucket=minute&by=service&environment=staging&since=${new Date(now - 86_400_000).toISOString()}`,
      30,
    );
    console.log(
      `stats, 24 h by minute, one environment, by service: p50 ${ms(filtered.p50)}, p99 ${ms(filtered.p99)}`,
    );
    const list = await timeRequests(`${server.url}/api/v1/failures?limit=100`, 30);
    console.log(
      `first list page (100 rows): p50 ${ms(list.p50)}, p99 ${ms(list.p99)} (goal p50 ≤ 50 ms)`,
    );
    const listFiltered = await timeRequests(
      `${server.url}/api/v1/failures?limit=100&environment=staging&error_code=TOKEN_EXPIRED`,
      30,
    );
    console.log(
      `first list page, two filters: p50 ${ms(listFiltered.p50)}, p99 ${ms(listFiltered.p99)}`,
    );

    const latency = await streamLatency(
      server,
      1_000,
      5,
      (index) => JSON.stringify(event(index, Date.now())),
      headers,
    );
    console.log(
      `202 → SSE arrival at 1,000 events/s for 5 s: p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)} (goal p99 ≤ 250 ms)`,
    );
    console.log(
      `server RSS after ${TOTAL.toLocaleString('en')} events: ${rssMb(server.pid).toFixed(0)} MB (goal ≤ 400 MB)`,
    );
  } finally {
    await server.stop();
  }
}
