import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Collector, type CollectorOptions, type FingerprintReport } from '../../../lib/fleet';
import { freePort } from '../../helpers/server';

const REPORT = {
  environment: 'staging',
  service: 'auth-service',
  instance: 'auth-1',
  fingerprint: 'sha256/16:70610b56526d0480',
  source: 'env:JWT_SECRET',
  version: '3',
};

interface Target {
  url: string;
  requests: () => number;
  answer: (status: number, body: unknown) => void;
  close: () => Promise<void>;
}

const running: Array<{ stop: () => void } | Target> = [];

afterEach(async () => {
  for (const item of running.splice(0)) {
    if ('stop' in item) item.stop();
    else await item.close();
  }
});

async function startTarget(status: number, body: unknown): Promise<Target> {
  let answer = { status, body };
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    if (request.url?.split('?')[0] !== '/debug/jwt-secret-info')
      return void response.writeHead(404).end();
    response
      .writeHead(answer.status, { 'content-type': 'application/json' })
      .end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target: Target = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/debug/jwt-secret-info?token=query-is-not-shown`,
    requests: () => requests,
    answer: (nextStatus, nextBody) => (answer = { status: nextStatus, body: nextBody }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  running.push(target);
  return target;
}

/** A collector whose record/onChange calls can be awaited one by one. */
function collect(url: string, overrides: Partial<CollectorOptions> = {}) {
  const recorded: FingerprintReport[][] = [];
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((resolve) => resolve());
  const collector = new Collector({
    targets: [
      { environment: 'staging', service: 'auth-service', url, every: '20ms', timeout: '1s' },
    ],
    record: async (reports) => {
      recorded.push(reports);
      wake();
    },
    mayPoll: async () => true,
    onChange: wake,
    now: () => Date.parse('2026-11-22T10:00:00Z'),
    ...overrides,
  });
  running.push(collector);
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { collector, recorded, until };
}

describe('Collector', () => {
  it('records what a target answers, as if the service had pushed it', async () => {
    const target = await startTarget(200, REPORT);
    const { collector, recorded, until } = collect(target.url);
    collector.start();
    await until(() => recorded.length > 0);
    expect(recorded[0]).toEqual([{ ...REPORT, purpose: 'access-token' }]);
    expect(collector.unreachable()).toEqual([]);
  });

  it.each([
    ['an HTTP error', 503, { error: 'down' }, 'answered HTTP 503'],
    [
      'something that is not JSON',
      200,
      '<html>debug</html>',
      'answered something that is not JSON',
    ],
    [
      'an invalid report',
      200,
      { ...REPORT, fingerprint: 'plain-hex' },
      'answered an invalid report: fingerprint',
    ],
    [
      'a report for another environment',
      200,
      { ...REPORT, environment: 'production' },
      'reported environment "production", configured for "staging"',
    ],
  ])(
    'lists a target that answers %s as unreachable, with the reason',
    async (_label, status, body, reason) => {
      const target = await startTarget(status, body);
      const { collector, recorded, until } = collect(target.url);
      collector.start();
      await until(() => collector.unreachable().length > 0);
      const [unreachable] = collector.unreachable();
      expect(unreachable.error).toContain(reason);
      expect(unreachable).toMatchObject({
        environment: 'staging',
        service: 'auth-service',
        since: '2026-11-22T10:00:00.000Z',
      });
      expect(unreachable.url).not.toContain('query-is-not-shown');
      expect(recorded).toEqual([]);
    },
  );

  it('lists a target nobody listens on as unreachable', async () => {
    const { collector, until } = collect(
      `http://127.0.0.1:${await freePort()}/debug/jwt-secret-info`,
    );
    collector.start();
    await until(() => collector.unreachable().length > 0);
    expect(collector.unreachable()[0].error).toBe('unreachable');
  });

  it('clears the unreachable entry once the target answers again', async () => {
    const target = await startTarget(500, {});
    const { collector, recorded, until } = collect(target.url);
    collector.start();
    await until(() => collector.unreachable().length > 0);
    target.answer(200, [REPORT]);
    await until(() => recorded.length > 0);
    expect(collector.unreachable()).toEqual([]);
  });

  it('does not poll while another replica holds the lock', async () => {
    const target = await startTarget(200, REPORT);
    let asked = 0;
    let wakeAsked: () => void = () => undefined;
    const { collector, recorded } = collect(target.url, {
      mayPoll: async () => {
        asked++;
        wakeAsked();
        return false;
      },
    });
    collector.start();
    while (asked < 3) await new Promise<void>((resolve) => (wakeAsked = resolve));
    expect(target.requests()).toBe(0);
    expect(recorded).toEqual([]);
  });

  it('derives staleness from the longest polling interval', () => {
    const collector = new Collector({
      targets: [
        { environment: 'staging', url: 'http://127.0.0.1:9/a', every: '2m' },
        { environment: 'staging', url: 'http://127.0.0.1:9/b', every: '45s' },
      ],
      record: async () => undefined,
      mayPoll: async () => true,
    });
    expect(collector.longestIntervalMs()).toBe(120_000);
  });
});
