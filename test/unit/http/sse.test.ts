import { describe, expect, it } from 'vitest';
import { sseResponse, type SseChannel } from '../../../lib/http/sse';

/** Reads the stream until `count` frames (blocks ending in a blank line) have arrived. */
async function frames(response: Response, count: number): Promise<string[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text.split('\n\n').slice(0, count);
}

describe('sseResponse (lib/http/sse.ts)', () => {
  it('is an uncached, unbuffered event stream', () => {
    const response = sseResponse(new AbortController().signal, () => undefined);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    void response.body?.cancel();
  });

  it('opens with the retry hint, then frames each message as id, event and one JSON data line', async () => {
    const response = sseResponse(new AbortController().signal, (channel) => {
      channel.send({
        event: 'failures',
        data: { items: [1], text: 'a\nb' },
        id: '0000000000000007',
      });
      channel.send({ event: 'hello', data: 'x' });
    });
    expect(await frames(response, 3)).toEqual([
      'retry: 2000',
      'id: 0000000000000007\nevent: failures\ndata: {"items":[1],"text":"a\\nb"}',
      'event: hello\ndata: "x"',
    ]);
    void response.body?.cancel();
  });

  it('sends a heartbeat comment while idle', async () => {
    const response = sseResponse(new AbortController().signal, () => undefined, 20);
    const [, heartbeat] = await frames(response, 2);
    expect(heartbeat).toMatch(/^: heartbeat \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    void response.body?.cancel();
  });

  it('closes the stream, runs the cleanup once and resolves `closed` when the request aborts', async () => {
    const abort = new AbortController();
    let cleanups = 0;
    let channel!: SseChannel;
    const response = sseResponse(abort.signal, (given) => {
      channel = given;
      return () => void cleanups++;
    });
    await frames(response, 1);
    expect(channel.isClosed()).toBe(false);
    abort.abort();
    await channel.closed;
    expect(channel.isClosed()).toBe(true);
    expect(cleanups).toBe(1);
    channel.send({ event: 'late', data: 1 }); // ignored, does not throw
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(true);
    expect(cleanups).toBe(1);
  });

  it('cleans up when the client cancels the body', async () => {
    let cleanups = 0;
    let channel!: SseChannel;
    const response = sseResponse(new AbortController().signal, (given) => {
      channel = given;
      return () => void cleanups++;
    });
    await response.body!.cancel();
    await channel.closed;
    expect(cleanups).toBe(1);
    expect(channel.isClosed()).toBe(true);
  });
});
