import { jwtVerify, SignJWT } from 'jose';
import { WebSocketServer } from 'ws';
import { failurePayload, presentedToken } from './failurePayload';
import { DemoService, type ServiceOptions } from './service';

async function readBody(request: import('node:http').IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

/** auth-service: POST /login {user} → an access token signed with the secret it resolved. */
export async function startAuthService(options: ServiceOptions): Promise<DemoService> {
  const service = new DemoService(options);
  await service.listen(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/login')
      return void response.writeHead(404).end();
    const { user } = JSON.parse((await readBody(request)) || '{}') as { user?: string };
    const token = await new SignJWT({ scope: 'chat:connect' })
      .setProtectedHeader({
        alg: 'HS256',
        typ: 'JWT',
        ...(service.kid ? { kid: service.kid } : {}),
      })
      .setSubject(user ?? 'anonymous')
      .setIssuer(`auth-service.${options.environment}`)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(service.secret);
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: token }));
  });
  return service;
}

/** backend-rest: GET /me verifies the bearer token. */
export async function startBackendRest(options: ServiceOptions): Promise<DemoService> {
  const service = new DemoService(options);
  await service.listen(async (request, response) => {
    if (request.method !== 'GET' || request.url !== '/me')
      return void response.writeHead(404).end();
    const presented = presentedToken(request.headers);
    try {
      if (!presented.token) throw new Error('missing');
      const { payload } = await jwtVerify(presented.token, service.secret, {
        algorithms: ['HS256'],
      });
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ user: payload.sub }));
    } catch (error) {
      const code = presented.token
        ? (error as { code?: string }).code === 'ERR_JWT_EXPIRED'
          ? 'TOKEN_EXPIRED'
          : 'VALIDATION_FAILED'
        : 'MISSING_TOKEN';
      service.reporter.reportFailure({
        payload: failurePayload({
          environment: options.environment,
          context: 'rest',
          presented,
          errorCode: code,
          reason: 'Token validation failed',
        }),
        user: request.headers['x-demo-user'] as string | undefined,
        token: presented.token ?? undefined,
      });
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: code }));
    }
  });
  return service;
}

/**
 * backend-websocket: a real WebSocket server. The handshake is authenticated from the
 * Authorization header or Sec-WebSocket-Protocol; on failure the connection gets the error
 * payload and is closed with 1008, as in the incident.
 */
export async function startBackendWebsocket(options: ServiceOptions): Promise<DemoService> {
  const service = new DemoService(options);
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
  });
  await service.listen((_request, response) => response.writeHead(426).end('WebSocket only'));
  service.server!.on('upgrade', (request, socket, head) => {
    sockets.handleUpgrade(request, socket, head, async (ws) => {
      const presented = presentedToken(request.headers, request.url);
      const user = request.headers['x-demo-user'] as string | undefined;
      try {
        if (!presented.token) throw new Error('missing');
        const { payload } = await jwtVerify(presented.token, service.secret, {
          algorithms: ['HS256'],
        });
        ws.send(JSON.stringify({ type: 'welcome', user: payload.sub }));
        ws.close(1000, 'demo done');
      } catch {
        const errorCode = presented.token ? 'VALIDATION_FAILED' : 'MISSING_TOKEN';
        const payload = failurePayload({
          environment: options.environment,
          context: 'websocket',
          presented,
          errorCode,
          reason: 'Token validation failed',
        });
        ws.send(JSON.stringify(payload));
        ws.close(1008, 'authentication failed');
        service.reporter.reportFailure({
          payload,
          user,
          closeCode: 1008,
          token: presented.token ?? undefined,
        });
      }
    });
  });
  const close = service.close.bind(service);
  service.close = async () => {
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    await close();
  };
  return service;
}
