import { randomBytes } from 'node:crypto';
import type { SecretLookup } from '../../lib/reporter';
import { VersionedSecretStore } from './secretStore';
import type { ServiceOptions } from './service';
import { startAuthService, startBackendRest, startBackendWebsocket } from './services';
import type { DemoService } from './service';

export const SCENARIOS = ['development', 'staging', 'production'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const secret = () => randomBytes(32).toString('base64url');

/** One environment of the simulated fleet: its services and the secrets the dashboard should know. */
export interface World {
  environment: Scenario;
  auth: DemoService;
  rest: DemoService;
  websockets: DemoService[];
  /** Keyring entries for the dashboard: key id → secret (handed over as environment variables). */
  keys: Record<string, string>;
  /** Timed events (rotations, restarts); returns a stop function. */
  play: () => () => void;
  all: () => DemoService[];
}

type Dashboard = ServiceOptions['dashboard'];

const world = (
  environment: Scenario,
  auth: DemoService,
  rest: DemoService,
  websockets: DemoService[],
  keys: Record<string, string>,
  play: World['play'] = () => () => undefined,
): World => ({
  environment,
  auth,
  rest,
  websockets,
  keys,
  play,
  all: () => [auth, rest, ...websockets],
});

/** development: every service resolves the same secret. */
async function development(dashboard: Dashboard): Promise<World> {
  const env = { JWT_SECRET_DEVELOPMENT: secret() };
  const base = {
    environment: 'development',
    chain: ['env:JWT_SECRET_DEVELOPMENT', 'env:JWT_SECRET'] as const,
    lookup: () => ({ env }),
    dashboard,
  };
  return world(
    'development',
    await startAuthService({
      ...base,
      chain: [...base.chain],
      service: 'auth-service',
      instance: 'auth-dev-1',
    }),
    await startBackendRest({
      ...base,
      chain: [...base.chain],
      service: 'backend-rest',
      instance: 'rest-dev-1',
    }),
    [
      await startBackendWebsocket({
        ...base,
        chain: [...base.chain],
        service: 'backend-websocket',
        instance: 'ws-dev-1',
      }),
    ],
    { 'development-primary': env.JWT_SECRET_DEVELOPMENT },
  );
}

/**
 * staging, the first incident: JWT_SECRET_STAGING is not set in backend-websocket's container, so
 * its fallback chain picks JWT_SECRET_KEY. REST works; every WebSocket handshake fails.
 */
async function staging(dashboard: Dashboard): Promise<World> {
  const shared = { JWT_SECRET_STAGING: secret(), JWT_SECRET_KEY: secret(), JWT_SECRET: secret() };
  const websocketContainer = { ...shared, JWT_SECRET_STAGING: undefined };
  const base = { environment: 'staging', dashboard };
  const restChain: ServiceOptions['chain'] = ['env:JWT_SECRET_STAGING', 'env:JWT_SECRET'];
  return world(
    'staging',
    await startAuthService({
      ...base,
      service: 'auth-service',
      instance: 'auth-7d2e',
      chain: restChain,
      lookup: () => ({ env: shared }),
    }),
    await startBackendRest({
      ...base,
      service: 'backend-rest',
      instance: 'rest-4b1a',
      chain: restChain,
      lookup: () => ({ env: shared }),
    }),
    [
      await startBackendWebsocket({
        ...base,
        service: 'backend-websocket',
        instance: 'ws-7f9c',
        chain: ['env:JWT_SECRET_STAGING', 'env:JWT_SECRET_KEY', 'env:JWT_SECRET'],
        lookup: () => ({ env: websocketContainer }),
      }),
    ],
    { 'staging-primary': shared.JWT_SECRET_STAGING, 'staging-legacy': shared.JWT_SECRET_KEY },
  );
}

/**
 * production, the second incident: the secret manager holds v4 and v5; after a staggered restart
 * one backend-websocket replica still has v4, so users routed to it fail and the others pass.
 * Midway the secret rotates to v6 (a new kid) and services restart onto it — but not the stale
 * replica, until much later.
 */
async function production(
  dashboard: Dashboard,
  timings: { rotateAfterMs: number; healAfterMs: number },
): Promise<World> {
  const store = new VersionedSecretStore();
  const versions = { v4: secret(), v5: secret(), v6: secret() };
  store.put('jwt-signing-key', '4', versions.v4);
  store.put('jwt-signing-key', '5', versions.v5);
  const current = (): SecretLookup => ({ env: {}, store: (name) => store.current(name) });
  let staleReplicaVersion = '4';
  const stale = (): SecretLookup => ({
    env: {},
    store: (name) => store.at(name, staleReplicaVersion),
  });
  const base = {
    environment: 'production',
    dashboard,
    chain: ['store:jwt-signing-key'] as ServiceOptions['chain'],
    kidOf: (resolved: { version?: string }) => `prod-v${resolved.version}`,
  };
  const auth = await startAuthService({
    ...base,
    service: 'auth-service',
    instance: 'auth-prod-1',
    lookup: current,
  });
  const rest = await startBackendRest({
    ...base,
    service: 'backend-rest',
    instance: 'rest-prod-1',
    lookup: current,
  });
  const wsA = await startBackendWebsocket({
    ...base,
    service: 'backend-websocket',
    instance: 'ws-prod-a',
    lookup: current,
  });
  const wsB = await startBackendWebsocket({
    ...base,
    service: 'backend-websocket',
    instance: 'ws-prod-b',
    lookup: stale,
  });
  const play = () => {
    const rotate = setTimeout(async () => {
      store.put('jwt-signing-key', '6', versions.v6);
      console.log(
        'demo production: rotated jwt-signing-key to v6; auth-service, backend-rest and ws-prod-a restart onto it',
      );
      for (const service of [auth, rest, wsA]) await service.restart();
    }, timings.rotateAfterMs);
    const heal = setTimeout(async () => {
      staleReplicaVersion = '6';
      console.log('demo production: ws-prod-b finally restarts onto v6');
      await wsB.restart();
    }, timings.healAfterMs);
    return () => {
      clearTimeout(rotate);
      clearTimeout(heal);
    };
  };
  return world(
    'production',
    auth,
    rest,
    [wsA, wsB],
    { 'prod-v4': versions.v4, 'prod-v5': versions.v5, 'prod-v6': versions.v6 },
    play,
  );
}

/** When production rotates to v6, and when its stale replica finally catches up (recovers). */
export const PRODUCTION_TIMINGS = { rotateAfterMs: 12_000, healAfterMs: 180_000 };

export async function startWorld(
  scenario: Scenario,
  dashboard: Dashboard,
  timings = PRODUCTION_TIMINGS,
): Promise<World> {
  if (scenario === 'development') return development(dashboard);
  if (scenario === 'staging') return staging(dashboard);
  return production(dashboard, timings);
}
