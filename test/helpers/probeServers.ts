import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { jwtVerify, SignJWT } from 'jose';
import { WebSocketServer } from 'ws';

export type Way = 'authorization' | 'subprotocol' | 'query';

export interface Running {
  url: string;
  port: number;
  /** Every raw request line and header the server saw (to check the token went where expected). */
  seen: string[];
  close: () => Promise<void>;
}

const bytes = (secret: string) => new TextEncoder().encode(secret);

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: Server | TcpServer, sockets: Set<Socket>): () => Promise<void> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

/** POST /login {user, password}: a 15-minute HS256 token when the password matches, else 401. */
export async function startLoginServer(secret: string, password: string): Promise<Running> {
  const seen: string[] = [];
  const server = createServer(async (request, response) => {
    const { user, password: given } = JSON.parse((await body(request)) || '{}') as {
      user?: string;
      password?: string;
    };
    seen.push(`${request.method} ${request.url}`);
    if (given !== password)
      return void response
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":"bad credentials"}');
    const token = await new SignJWT({ scope: 'chat' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user ?? 'probe')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(bytes(secret));
    response
      .writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': `session=${token}; HttpOnly`,
      })
      .end(JSON.stringify({ data: { access_token: token } }));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/login`, port, seen, close: closer(server, new Set()) };
}

/** GET /me: 200 for a bearer token signed with `secret`, else 401. */
export async function startRestServer(secret: string): Promise<Running> {
  const seen: string[] = [];
  const server = createServer(async (request, response) => {
    seen.push(`${request.url} ${request.headers.authorization ?? ''}`);
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    try {
      await jwtVerify(token ?? '', bytes(secret));
      response.writeHead(200).end('{"ok":true}');
    } catch {
      response.writeHead(401).end('{"error":"invalid token"}');
    }
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/me`, port, seen, close: closer(server, new Set()) };
}

/**
 * A WebSocket server that reads the token from the ways it `accepts` ("jwt.<token>" or the pair
 * ["jwt", token] as subprotocol) and closes with 1008 "authentication failed" when it is absent
 * or not signed with `secret`; with `refuseUpgrade`, answers HTTP 401 instead of upgrading; with
 * `chooseNoProtocol`, upgrades without selecting any offered subprotocol.
 */
export async function startWsServer(
  secret: string,
  accepts: Way[],
  options: { refuseUpgrade?: boolean; chooseNoProtocol?: boolean } = {},
): Promise<Running> {
  const seen: string[] = [];
  const tokenOf = (request: IncomingMessage): string | null => {
    const header = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (accepts.includes('authorization') && header) return header;
    const protocols = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    if (accepts.includes('subprotocol')) {
      const dotted = protocols.find((part) => part.startsWith('jwt.'));
      if (dotted) return dotted.slice(4);
      const index = protocols.indexOf('jwt');
      if (index >= 0 && protocols[index + 1]) return protocols[index + 1];
    }
    if (accepts.includes('query'))
      return new URL(request.url ?? '/', 'http://x').searchParams.get('token');
    return null;
  };
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) =>
      options.chooseNoProtocol ? false : ([...protocols][0] ?? false),
  });
  const server = createServer((_request, response) => response.writeHead(426).end());
  server.on('upgrade', (request, socket, head) => {
    seen.push(
      `${request.url} ${request.headers.authorization ?? ''} ${request.headers['sec-websocket-protocol'] ?? ''}`,
    );
    const token = tokenOf(request);
    void (async () => {
      let ok = false;
      try {
        await jwtVerify(token ?? '', bytes(secret));
        ok = true;
      } catch {
        ok = false;
      }
      if (!ok && options.refuseUpgrade)
        return void socket.end(
          'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
      sockets.handleUpgrade(request, socket, head, (ws) =>
        ok ? ws.send('{"type":"welcome"}') : ws.close(1008, 'authentication failed'),
      );
    })();
  });
  const port = await listen(server);
  const close = closer(server, new Set());
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    seen,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await close();
    },
  };
}

/** Accepts connections and never answers: a hung service. */
export async function startHangingServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createTcpServer(() => undefined);
  const close = closer(server, sockets);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, port, seen: [], close };
}

/** A loopback port nothing listens on. */
export async function unusedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
