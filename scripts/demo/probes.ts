import type { World } from './scenarios';

/**
 * The incident write-up's test, as authscope probes: log in at the auth service, then present the
 * token to backend-rest and to every backend-websocket replica in each way. Staging shows HTTP ✓
 * and WebSocket ✗ 1008 in every way; production shows the replica still on v4 failing.
 */
export function demoProbes(world: World) {
  return {
    name: 'rest-then-websocket',
    environment: world.environment,
    token: {
      login: {
        url: `http://127.0.0.1:${world.auth.port}/login`,
        body: { user: `${world.environment}-probe` },
        tokenPath: 'access_token',
      },
    },
    targets: [
      {
        type: 'http',
        name: 'backend-rest',
        service: 'backend-rest',
        instance: world.rest.options.instance,
        url: `http://127.0.0.1:${world.rest.port}/me`,
      },
      ...world.websockets.map((service) => ({
        type: 'websocket',
        name: service.options.instance,
        service: service.options.service,
        instance: service.options.instance,
        url: `ws://127.0.0.1:${service.port}/`,
        ways: ['authorization', 'subprotocol', 'query'],
        subprotocol: ['bearer', '<token>'],
        closeWait: '500ms',
      })),
    ],
    interval: '10s',
    timeout: '3s',
  };
}
