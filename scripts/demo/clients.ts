import WebSocket from 'ws';
import type { World } from './scenarios';

export interface ClientStats {
  logins: number;
  restOk: number;
  restFailed: number;
  websocketOk: number;
  websocketFailed: number;
}

/**
 * Simulated users: log in at the auth service, call backend-rest, open a WebSocket. Half send the
 * token in Sec-WebSocket-Protocol as well, half only in Authorization (the "missing protocol"
 * red herring of the second incident). `rate` is sessions per second over all environments.
 */
export function startClients(
  worlds: readonly World[],
  rate: number,
): { stop: () => void; stats: ClientStats } {
  const stats: ClientStats = {
    logins: 0,
    restOk: 0,
    restFailed: 0,
    websocketOk: 0,
    websocketFailed: 0,
  };
  let round = 0;
  const timer = setInterval(
    () => {
      const world = worlds[round % worlds.length];
      const user = `${world.environment}-e2e-user-${String((round % 7) + 1).padStart(3, '0')}`;
      const replica = world.websockets[Math.floor(round / worlds.length) % world.websockets.length];
      const withProtocol = round % 2 === 0;
      round++;
      void session(world, replica.port, user, withProtocol, stats).catch(() => undefined);
    },
    1000 / Math.max(0.1, rate),
  );
  return { stop: () => clearInterval(timer), stats };
}

async function session(
  world: World,
  websocketPort: number,
  user: string,
  withProtocol: boolean,
  stats: ClientStats,
): Promise<void> {
  const login = await fetch(`http://127.0.0.1:${world.auth.port}/login`, {
    method: 'POST',
    body: JSON.stringify({ user }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  stats.logins++;
  const me = await fetch(`http://127.0.0.1:${world.rest.port}/me`, {
    headers: { authorization: `Bearer ${token}`, 'x-demo-user': user },
  });
  await me.body?.cancel();
  if (me.ok) stats.restOk++;
  else stats.restFailed++;
  await new Promise<void>((resolve) => {
    const socket = new WebSocket(
      `ws://127.0.0.1:${websocketPort}/chat`,
      withProtocol ? ['bearer', token] : [],
      {
        headers: { authorization: `Bearer ${token}`, 'x-demo-user': user },
      },
    );
    socket.on('close', (code) => {
      if (code === 1008) stats.websocketFailed++;
      else stats.websocketOk++;
      resolve();
    });
    socket.on('error', () => resolve());
  });
}
