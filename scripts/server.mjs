// The production server: Next.js behind a plain node:http server, so that authscope (not the
// client) states the peer address, and every request is logged as one structured line.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import next from 'next';
import { tsImport } from 'tsx/esm/api';
import { checkConfig, ROOT } from './lib/build.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);

// Headers only this server may set: anything a client sends under these names is dropped.
const { PEER_HEADER, PRINCIPAL_HEADER } = await tsImport('../lib/http/headers.ts', import.meta.url);

// The same values as lib/http/securityHeaders.ts. Set first on every response, so even answers
// Next.js gives before the proxy runs (trailing-slash redirects, build assets) carry them; the
// proxy replaces the CSP with the page's nonce policy.
const { headers: SECURITY_HEADERS, static_content_security_policy: STATIC_CSP } = createRequire(
  import.meta.url,
)('../lib/http/securityHeaders.json');

checkConfig();

// The machine-facing ingest path (lib/ingest/machinePath.ts), loaded from the same lib/ sources
// as the app: it answers POST /api/v1/failures and /fingerprints before Next.js routing.
const machine = await tsImport('../lib/ingest/machinePath.ts', import.meta.url);

const app = next({ dev: false, dir: ROOT, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  const started = process.hrtime.bigint();
  delete request.headers[PRINCIPAL_HEADER];
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  response.setHeader('content-security-policy', STATIC_CSP);
  response.setHeader('cache-control', 'no-store');
  response.on('finish', () => {
    const line = {
      time: new Date().toISOString(),
      level: 'info',
      event: 'request',
      method: request.method,
      // The path only: a query string may carry anything a client typed.
      route: loggedPath(request.url ?? '/'),
      status: response.statusCode,
      duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      principal: response.getHeader(PRINCIPAL_HEADER) ?? null,
    };
    logLine(JSON.stringify(line));
  });
  if (machine.isMachineRequest(request.method, request.url)) {
    void machine.serveMachineRequest(request, response);
    return;
  }
  handle(request, response).catch(() => {
    response.statusCode = 500;
    response.end();
  });
});
server.keepAliveTimeout = 65_000;
// A flood opens hundreds of connections at once: with Node's default backlog (511) the kernel drops
// the rest of the SYNs, and those clients wait seconds to connect. The kernel caps it at somaxconn.
server.listen({ port, host, backlog: 4096 }, () => {
  process.stdout.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      event: 'listening',
      url: `http://${host}:${port}`,
    }) + '\n',
  );
  // The runtime (migrations, target polling, retention) starts on the first request: make one
  // now, so an idle dashboard still polls its targets and records fleet changes.
  const self =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  fetch(`http://${self}:${port}/api/health`).catch(() => {});
});

// Request lines are written once per event-loop turn: stdout is a pipe, written synchronously
// on Linux, and one write per request costs a flood more than the ingest it logs.
let pendingLines = [];
function logLine(text) {
  if (pendingLines.length === 0) setImmediate(flushLog);
  pendingLines.push(text);
}
function flushLog() {
  if (pendingLines.length === 0) return;
  const text = pendingLines.join('\n') + '\n';
  pendingLines = [];
  process.stdout.write(text);
}

/** The path of a request, with any segment that could be a credential (a token pasted into a URL) replaced. */
function loggedPath(url) {
  return url
    .split('?')[0]
    .split('/')
    .map((segment) =>
      segment.length > 48 || /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}/.test(segment)
        ? '[redacted]'
        : segment,
    )
    .join('/');
}

const shutdown = () => {
  server.close(() => {
    flushLog();
    process.exit(0);
  });
  server.closeAllConnections();
  setTimeout(() => {
    flushLog();
    process.exit(0);
  }, 3_000).unref();
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
