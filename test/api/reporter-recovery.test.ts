import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Reporter } from '../../lib/reporter';
import { freePort } from '../helpers/server';

// The reporter against a real HTTP server that refuses and then recovers (issue 16, "The
// reporter"): 429 with Retry-After, then a 503, then 202 — and a service in front of it that
// must keep answering its own clients throughout.
interface Post {
  at: number;
  answeredAt: number;
  path: string;
  status: number;
  body: Record<string, unknown>;
}
type Answer = { status: number; retryAfter?: string };

function dashboard(answers: Answer[]) {
  const posts: Post[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = answers.shift() ?? { status: 202 };
      const post = {
        at,
        answeredAt: Date.now(),
        path: request.url ?? '',
        status: answer.status,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      posts.push(post);
      response
        .writeHead(answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {})
        .end('{}');
    });
  });
  return { posts, server };
}

/** A service whose every request is a rejected handshake it reports: it answers at once. */
function service(reporter: Reporter) {
  const answered: number[] = [];
  const server = createServer((request, response) => {
    const n = Number(new URL(request.url ?? '/', 'http://service').searchParams.get('n'));
    reporter.reportFailure({
      payload: { n, reason: 'signature verification failed' },
      closeCode: 1008,
    });
    answered.push(Date.now());
    response.writeHead(401).end();
  });
  return { answered, server };
}

const listen = (server: Server, port = 0) =>
  new Promise<string>((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
const RESOLVED = {
  secret: 'staging-secret-'.padEnd(40, 'x'),
  source: 'env:JWT_SECRET',
  resolution: [{ source: 'env:JWT_SECRET', present: true }],
};
const eventsOf = (post: Post) =>
  post.path === '/api/v1/failures'
    ? (post.body.events as Array<{ event_id: string; payload: { n: number } }>)
    : [];

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

describe('reporter against a dashboard that refuses, then recovers', () => {
  it('keeps the service answering, delivers every event it kept, and reports what it dropped', async () => {
    const refusing = dashboard([
      { status: 429, retryAfter: '1' },
      { status: 429, retryAfter: '1' },
      { status: 429, retryAfter: '1' },
      { status: 503 },
    ]);
    servers.push(refusing.server);
    const reporter = new Reporter({
      url: await listen(refusing.server),
      ingestKey: 'ingest-'.padEnd(40, 'k'),
      environment: 'staging',
      service: 'backend-websocket',
      instance: 'ws-1',
      batchSize: 10,
      flushMs: 50,
      maxQueue: 50,
      backoff: { baseMs: 50 },
    });
    const front = service(reporter);
    servers.push(front.server);
    const serviceUrl = await listen(front.server);
    const call = async (n: number) => (await fetch(`${serviceUrl}/connect?n=${n}`)).status;

    // The outage is on before most of the traffic: the first batch has been refused.
    for (let n = 0; n < 10; n++) expect(await call(n)).toBe(401);
    while (refusing.posts.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let n = 10; n < 80; n++) expect(await call(n)).toBe(401);
    const fingerprintAccepted = reporter.reportFingerprint(RESOLVED);

    expect(await reporter.flush(20_000)).toBe(true);
    expect(await fingerprintAccepted).toBe(true);
    const firstAccepted = refusing.posts.find((post) => post.status === 202)!;
    // Every service call was answered while the dashboard was still refusing.
    expect(front.answered).toHaveLength(80);
    expect(Math.max(...front.answered)).toBeLessThan(firstAccepted.at);

    // Retry-After: 1 was honoured after each 429; the 503 was retried after a backoff.
    const statuses = refusing.posts.map((post) => post.status);
    expect(statuses.slice(0, 5)).toEqual([429, 429, 429, 503, 202]);
    for (let index = 0; index < 3; index++)
      expect(
        refusing.posts[index + 1].at - refusing.posts[index].answeredAt,
      ).toBeGreaterThanOrEqual(1_000);

    // The oldest 30 were dropped; the newest 50 arrived, each under the one event_id it was given.
    const accepted = refusing.posts.filter((post) => post.status === 202).flatMap(eventsOf);
    expect([...new Set(accepted.map((event) => event.payload.n))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => 30 + index),
    );
    const idsByEvent = new Map<number, Set<string>>();
    for (const event of refusing.posts.flatMap(eventsOf))
      idsByEvent.set(
        event.payload.n,
        (idsByEvent.get(event.payload.n) ?? new Set()).add(event.event_id),
      );
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);

    // The count rode on the next fingerprint report, and only on the one that was accepted.
    const reports = refusing.posts.filter((post) => post.path === '/api/v1/fingerprints');
    expect(reports.map((post) => [post.status, post.body.undelivered_failures])).toEqual([
      [429, 30],
      [429, 30],
      [503, 30],
      [202, 30],
    ]);
    expect(reporter.status()).toEqual({ queued: 0, undelivered: 0, failuresInARow: 0 });
    expect(await reporter.reportFingerprint(RESOLVED)).toBe(true);
    expect(refusing.posts.at(-1)!.body).not.toHaveProperty('undelivered_failures');
    expect(await reporter.close()).toEqual({ drained: true, undelivered: 0 });
  });

  it('backs off while nothing listens, and delivers once the dashboard comes up', async () => {
    const port = await freePort();
    const errors: string[] = [];
    const reporter = new Reporter({
      url: `http://127.0.0.1:${port}`,
      ingestKey: 'ingest-'.padEnd(40, 'k'),
      environment: 'staging',
      service: 'backend-rest',
      instance: 'rest-1',
      batchSize: 5,
      flushMs: 20,
      backoff: { baseMs: 100, capMs: 400 },
      onError: (message) => errors.push(message),
    });
    for (let n = 0; n < 12; n++) reporter.reportFailure({ payload: { n } });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(reporter.status().failuresInARow).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([
      '/api/v1/failures unreachable: retrying with backoff (12 failure(s) queued)',
    ]);

    const late = dashboard([]);
    servers.push(late.server);
    await listen(late.server, port);
    expect(await reporter.flush(10_000)).toBe(true);
    expect(
      late.posts
        .flatMap(eventsOf)
        .map((event) => event.payload.n)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 12 }, (_, n) => n));
    expect(reporter.status()).toEqual({ queued: 0, undelivered: 0, failuresInARow: 0 });
    await reporter.close();
  });
});
