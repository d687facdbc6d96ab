// The production server: Next.js behind a plain node:http server, so that authscope (not the
// client) states the peer address, and every request is logged as one structured line.
import { createServer } from 'node:http';
import next from 'next';
import { checkConfig, ROOT } from './lib/build.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);

// Headers only this server may set: anything a client sends under these names is dropped.
export const PEER_HEADER = 'x-authscope-peer';
export const PRINCIPAL_HEADER = 'x-authscope-principal';

checkConfig();

const app = next({ dev: false, dir: ROOT, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  const started = process.hrtime.bigint();
  delete request.headers[PRINCIPAL_HEADER];
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
  response.on('finish', () => {
    const line = {
      time: new Date().toISOString(),
      level: 'info',
      event: 'request',
      method: request.method,
      // The path only: a query string may carry anything a client typed.
      route: (request.url ?? '/').split('?')[0],
      status: response.statusCode,
      duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      principal: response.getHeader(PRINCIPAL_HEADER) ?? null,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  });
  handle(request, response).catch(() => {
    response.statusCode = 500;
    response.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'listening', url: `http://${host}:${port}` }) + '\n');
});

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
