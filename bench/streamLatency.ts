import type { RunningServer } from '../test/helpers/server';
import { post } from './httpClient';
import { pool } from './load';
import { ms, summarize } from './stats';

/** 202 → SSE arrival, posting single events at `rate` per second for `seconds`. */
export async function streamLatency(
  server: RunningServer,
  rate: number,
  seconds: number,
  body: (index: number) => string,
  headers: Record<string, string>,
): Promise<ReturnType<typeof summarize>> {
  const accepted = new Map<string, number>();
  const sent = new Map<string, number>();
  const arrived = new Map<string, number>();
  const controller = new AbortController();
  const stream = await fetch(`${server.url}/api/v1/stream`, { signal: controller.signal });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        const messages = buffer.split('\n\n');
        buffer = messages.pop()!;
        for (const message of messages) {
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (!data || !message.includes('event: failure')) continue;
          for (const item of JSON.parse(data).items as Array<{ id: string }>)
            arrived.set(item.id, at);
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
  const total = rate * seconds;
  const started = performance.now();
  await pool(total, 32, async (index) => {
    const due = started + (index / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const postedAt = performance.now();
    const response = await post(`${server.url}/api/v1/failures`, body(index), headers);
    const at = performance.now();
    const { ids } = JSON.parse(response.text) as { ids: string[] };
    accepted.set(ids[0], at);
    sent.set(ids[0], postedAt);
  });
  const postedUntil = performance.now();
  const deadline = performance.now() + 5_000;
  while (arrived.size < accepted.size && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort();
  await reading;
  const achieved = total / ((postedUntil - started) / 1000);
  // The stream can deliver an event before its own 202 is read (both follow the commit): 0 ms.
  const latencies = [...accepted]
    .filter(([id]) => arrived.has(id))
    .map(([id, at]) => Math.max(0, arrived.get(id)! - at));
  const endToEnd = summarize(
    [...sent].filter(([id]) => arrived.has(id)).map(([id, at]) => arrived.get(id)! - at),
  );
  console.log(
    `  (posted at ${achieved.toFixed(0)} events/s${latencies.length < accepted.size ? `; ${accepted.size - latencies.length} events did not arrive within 5 s` : ''}; POST sent → SSE arrival p50 ${ms(endToEnd.p50)}, p99 ${ms(endToEnd.p99)})`,
  );
  return summarize(latencies);
}
