// Single-event ingest (issue: ingest that holds during the incident): authscope's machine path
// beside a raw node:http + better-sqlite3 group-commit server, then a flood at 3× the measured
// capacity with the pages timed during it. Figures only, printed with the rate really reached.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { freePort, startServer, stopProcess } from '../test/helpers/server';
import { closedLoop, openLoop, request } from './load';
import { ms, summarize } from './stats';

const INGEST_KEY = 'bench-ingest-single-key-7a1b2c3d4e5f6a7b8c9d';
const headers = { authorization: `Bearer ${INGEST_KEY}` };
const CLIENTS = 64;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 60);
const FIXTURE = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '../test/fixtures/spec/failure-websocket-validation.json'),
    'utf8',
  ),
) as Record<string, unknown>;

const event = (service: string) => (index: number) =>
  JSON.stringify({
    service,
    instance: `pod-${index % 17}`,
    environment: 'staging',
    user: `user-${index % 500}`,
    payload: FIXTURE,
  });

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function rawBaseline(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-bench-raw-http-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(import.meta.dirname, '../node_modules/tsx/dist/cli.mjs'),
      path.join(import.meta.dirname, 'rawIngestServer.ts'),
      dir,
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  try {
    await closedLoop(`http://127.0.0.1:${port}/`, CLIENTS, 2, event('warm-up'), {});
    return (await closedLoop(`http://127.0.0.1:${port}/`, CLIENTS, SECONDS, event('raw'), {})).rate;
  } finally {
    await stopProcess(child);
  }
}

/** GET `paths` one after another, every 100 ms, until `until` resolves: the latencies by path. */
async function timePages(
  base: string,
  paths: string[],
  until: Promise<unknown>,
): Promise<Map<string, number[]>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const samples = new Map(paths.map((item) => [item, [] as number[]]));
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    for (const item of paths) {
      const started = performance.now();
      await request(agent, `${base}${item}`, 'GET', null, {}, 30_000).catch(() => undefined);
      samples.get(item)!.push(performance.now() - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  agent.destroy();
  return samples;
}

function storedIds(dataDir: string, ids: string[]): number {
  const db = new BetterSqlite3(path.join(dataDir, 'authscope.db'), { readonly: true });
  try {
    let found = 0;
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      found += (
        db
          .prepare(
            `select count(*) as n from failures where seq in (${chunk.map(() => '?').join(',')})`,
          )
          .get(...chunk.map(Number)) as { n: number }
      ).n;
    }
    return found;
  } finally {
    db.close();
  }
}

export async function benchIngest(): Promise<void> {
  console.log(
    `\n## single-event ingest (SQLite, ${CLIENTS} keep-alive clients, ${SECONDS} s each)`,
  );
  const raw = await rawBaseline();
  const server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
  try {
    await closedLoop(`${server.url}/api/v1/failures`, CLIENTS, 2, event('warm-up'), headers);
    const single = await closedLoop(
      `${server.url}/api/v1/failures`,
      CLIENTS,
      SECONDS,
      event('single'),
      headers,
    );
    const answered = [...single.statuses]
      .map(([status, count]) => `${count} × ${status}`)
      .join(', ');
    console.log(
      `one event per POST: ${single.rate.toFixed(0)} durable posts/s accepted (${answered}); raw node:http + better-sqlite3 group commit: ${raw.toFixed(0)} posts/s (${((single.rate / raw) * 100).toFixed(0)} % of raw; goals ≥ 5,000/s and ≥ 20 %)`,
    );

    const rate = Math.round(single.rate * 3);
    const flood = openLoop(
      `${server.url}/api/v1/failures`,
      rate,
      FLOOD_SECONDS,
      1024,
      event('flood'),
      headers,
    );
    const pages = await timePages(server.url, ['/', '/api/v1/fleet'], flood);
    const result = await flood;
    const lost = result.accepted - storedIds(server.dataDir, result.acceptedIds);
    console.log(
      `flood at 3× capacity over 1,024 connections (${rate}/s asked, ${result.reached.toFixed(0)}/s sent${result.skipped ? `, ${result.skipped} not sent: every connection busy` : ''}, ${FLOOD_SECONDS} s): ${result.accepted} accepted (202), ${result.rejected} rejected (429${result.retryAfterMissing ? `, ${result.retryAfterMissing} without Retry-After` : ', all with Retry-After'}), ${lost} lost (goal 0), ${result.failed} reset or unanswered (goal 0)${result.failed ? `: ${[...result.failures].map(([why, count]) => `${count} × ${why}`).join(', ')}` : ''}`,
    );
    for (const [page, samples] of pages) {
      const summary = summarize(samples);
      console.log(
        `  GET ${page} during the flood: p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)} over ${samples.length} requests (goal p99 ≤ 1 s)`,
      );
    }
    console.log(`  server peak RSS: ${peakRssMb(server.pid).toFixed(0)} MB`);
  } finally {
    await server.stop();
  }
}
