import http from 'node:http';

// Load generators for the ingest benchmarks, on node:http with keep-alive (cheap per request, so
// on two cores the figures measure the server). Loopback only.

export interface Outcome {
  status: number;
  body: string;
  retryAfter: string | null;
}

export function request(
  agent: http.Agent,
  url: string,
  method: string,
  body: string | null,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      {
        method,
        agent,
        timeout: timeoutMs,
        headers:
          body === null
            ? headers
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
                ...headers,
              },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: text,
            retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
          }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    // Whether it failed as the first request of a new connection: one the server had not accepted
    // yet (it sat in the kernel's accept queue), not one it was slow to answer.
    outgoing.on('error', (error) =>
      reject(Object.assign(error, { newConnection: !outgoing.reusedSocket })),
    );
    outgoing.end(body ?? undefined);
  });
}

/** `clients` keep-alive clients, each posting the next event as soon as the last is answered. */
export async function closedLoop(
  url: string,
  clients: number,
  seconds: number,
  body: (index: number) => string,
  headers: Record<string, string>,
): Promise<{ rate: number; statuses: Map<number, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const statuses = new Map<number, number>();
  const deadline = performance.now() + seconds * 1000;
  let index = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const outcome = await request(agent, url, 'POST', body(index++), headers).catch(() => ({
          status: 0,
          body: '',
        }));
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      }
    }),
  );
  agent.destroy();
  // The rate of what was accepted: a refusal is not throughput.
  return { rate: (statuses.get(202) ?? 0) / ((performance.now() - started) / 1000), statuses };
}

export interface FloodResult {
  sent: number;
  accepted: number;
  rejected: number;
  /** Reset, refused or timed out: each must have had a prompt 202 or 429. */
  failed: number;
  reached: number;
  /** Not sent: every connection was busy (the generator's bound, not the server's answer). */
  skipped: number;
  acceptedIds: string[];
  retryAfterMissing: number;
  /** What the failed ones were: a status, or the error. */
  failures: Map<string, number>;
}

/** Open loop: `rate` requests a second whatever the answers, over `sockets` keep-alive connections. */
export async function openLoop(
  url: string,
  rate: number,
  seconds: number,
  sockets: number,
  body: (index: number) => string,
  headers: Record<string, string>,
): Promise<FloodResult> {
  // Every socket may stay open: by default an agent closes free sockets past 256, and with group
  // commit answering hundreds at once that churned connections no real keep-alive client drops.
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const result: FloodResult = {
    sent: 0,
    accepted: 0,
    rejected: 0,
    failed: 0,
    reached: 0,
    acceptedIds: [],
    retryAfterMissing: 0,
    failures: new Map(),
    skipped: 0,
  };
  const fail = (why: string) => {
    result.failed++;
    result.failures.set(why, (result.failures.get(why) ?? 0) + 1);
  };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const tickMs = 10;
  while (performance.now() - started < seconds * 1000) {
    const due =
      Math.floor(((performance.now() - started) / 1000) * rate) - result.sent - result.skipped;
    for (let count = 0; count < due; count++) {
      // Open loop, but bounded: a request no connection is free for is skipped, not queued in the client.
      if (inFlight.size >= sockets) {
        result.skipped++;
        continue;
      }
      const index = result.sent++;
      const call = request(agent, url, 'POST', body(index), headers)
        .then(({ status, body: text, retryAfter }) => {
          if (status === 202) {
            result.accepted++;
            result.acceptedIds.push(...(JSON.parse(text) as { ids: string[] }).ids);
          } else if (status === 429) {
            result.rejected++;
            if (!retryAfter) result.retryAfterMissing++;
          } else fail(String(status));
        })
        .catch((error: Error & { newConnection?: boolean }) =>
          fail(error.newConnection ? `${error.message} on a new connection` : error.message),
        )
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(inFlight);
  result.reached = result.sent / seconds;
  agent.destroy();
  return result;
}

/** Runs `task` for indexes 0…count-1, `concurrency` at a time. */
export async function pool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
