import WebSocket from 'ws';
import { TOKEN_PLACEHOLDER, type WebsocketTargetSpec, type WebsocketWay } from '../config';
import { attempt, networkFailure, type Attempt } from './attempt';

// A close with 1000 after the handshake is a session the server accepted and ended.
const NORMAL_CLOSE = 1000;

/** How the token is presented in each way: the header, the subprotocol list, or the query. */
export function presentation(
  target: WebsocketTargetSpec,
  way: WebsocketWay,
  token: string,
): { url: string; protocols: string[]; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'user-agent': 'authscope-probe' };
  if (way === 'authorization')
    return {
      url: target.url,
      protocols: [],
      headers: { ...headers, authorization: `Bearer ${token}` },
    };
  if (way === 'subprotocol')
    return {
      url: target.url,
      protocols: [target.subprotocol].flat().map((part) => part.replace(TOKEN_PLACEHOLDER, token)),
      headers,
    };
  const url = new URL(target.url);
  url.searchParams.set(target.query, token);
  return { url: url.toString(), protocols: [], headers };
}

/**
 * Opens the socket with the token presented one way, then watches it for `closeWait`: a refused
 * upgrade is its HTTP status, a close within the wait its code and reason (1008 in the incident).
 */
export function probeWebsocket(
  target: WebsocketTargetSpec,
  way: WebsocketWay,
  token: string,
  timeoutMs: number,
  closeWaitMs: number,
): Promise<Attempt> {
  const { url, protocols, headers } = presentation(target, way, token);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    let openedAfter: number | null = null;
    let socket: WebSocket;
    const finish = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(watch);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === WebSocket.OPEN) socket.close(NORMAL_CLOSE, 'authscope probe done');
      setTimeout(() => socket.terminate(), 1_000).unref();
      resolve(result);
    };
    let watch: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.terminate();
      finish(
        attempt('timeout', {
          reason: `the handshake did not complete within ${timeoutMs} ms`,
          latencyMs: elapsed(),
        }),
      );
    }, timeoutMs);
    try {
      socket = new WebSocket(url, protocols, {
        headers,
        followRedirects: false,
        perMessageDeflate: false,
      });
    } catch (error) {
      clearTimeout(deadline);
      resolve(attempt('fail', { reason: (error as Error).message, latencyMs: 0 }));
      return;
    }
    socket.on('unexpected-response', (request, response) => {
      const status = response.statusCode ?? null;
      response.resume();
      request.destroy();
      finish(
        attempt('fail', {
          status,
          reason: `upgrade refused: HTTP ${status ?? '?'}${response.statusMessage ? ` ${response.statusMessage}` : ''}`,
          latencyMs: elapsed(),
        }),
      );
    });
    socket.on('open', () => {
      openedAfter = elapsed();
      clearTimeout(deadline);
      if (closeWaitMs <= 0) return finish(attempt('pass', { status: 101, latencyMs: openedAfter }));
      watch = setTimeout(
        () => finish(attempt('pass', { status: 101, latencyMs: openedAfter })),
        closeWaitMs,
      );
    });
    socket.on('close', (code, reason) => {
      const text = reason.toString('utf8');
      if (openedAfter !== null && code === NORMAL_CLOSE)
        return finish(
          attempt('pass', {
            status: 101,
            closeCode: code,
            reason: text || null,
            latencyMs: openedAfter,
          }),
        );
      finish(
        attempt('fail', {
          status: openedAfter !== null ? 101 : null,
          closeCode: code,
          reason: text || (code === 1006 ? 'closed without a close frame' : null),
          latencyMs: openedAfter ?? elapsed(),
        }),
      );
    });
    socket.on('error', (error) => {
      if (openedAfter !== null) return; // the close event that follows says more
      const message = error.message;
      // ws's own handshake checks (no or another subprotocol chosen, a bad accept key) are refusals.
      if (/subprotocol|Sec-WebSocket|Invalid|Unexpected server response/i.test(message))
        return finish(attempt('fail', { reason: message, latencyMs: elapsed() }));
      finish(networkFailure(error, timeoutMs, elapsed()));
    });
  });
}
