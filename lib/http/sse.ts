export interface SseMessage {
  event: string;
  data: unknown;
  id?: string;
}

export interface SseChannel {
  send: (message: SseMessage) => void;
  /** Resolves when the client goes away. */
  closed: Promise<void>;
  isClosed: () => boolean;
}

const encoder = new TextEncoder();

/**
 * A Server-Sent Events response. `run` gets a channel and returns a cleanup; a comment line every
 * `heartbeatMs` keeps proxies from closing an idle stream and lets the client see it is alive.
 */
export function sseResponse(
  signal: AbortSignal,
  run: (channel: SseChannel) => (() => void) | void,
  heartbeatMs = 15_000,
): Response {
  let closeStream: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (closeStream = resolve));
  let isClosed = false;
  let finish: () => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (isClosed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const heartbeat = setInterval(
        () => write(`: heartbeat ${new Date().toISOString()}\n\n`),
        heartbeatMs,
      );
      let cleanup: (() => void) | void = undefined;
      finish = () => {
        if (isClosed) return;
        isClosed = true;
        clearInterval(heartbeat);
        cleanup?.();
        closeStream();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      signal.addEventListener('abort', finish, { once: true });
      write('retry: 2000\n\n');
      cleanup = run({
        send: ({ event, data, id }) =>
          write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        closed,
        isClosed: () => isClosed,
      });
    },
    cancel() {
      finish();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
