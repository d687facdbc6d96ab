import path from 'node:path';
import { loadConfig, parseDuration, type Config } from '../config';
import {
  CredentialThrottle,
  credentialLengthRefusal,
  loadIngestKeys,
  loadMetricsToken,
  loadPublicHost,
  loadSessionSecret,
  loadTrustedProxy,
  loadViewers,
  RateLimiter,
  rateLimitsFrom,
  type AccessContext,
} from '../access';
import type { FailureItem } from '../failures';
import { Keyring, loadPepper, type Pepper } from '../keys';
import { admissionLimitsFrom, IngestAdmission, LoopSaturation } from '../ingest';
import { Feed } from '../live/feed';
import { describeError, logEvent } from '../log';
import {
  Collector,
  createFleetService,
  knownKeys,
  type FleetService,
  type GroupOptions,
  type InstanceState,
} from '../fleet';
import { createProbeRunner, type ProbeRunner } from '../probes';
import { startAlerting, type Alerting } from './alerting';
import {
  openStore,
  retentionDaysFrom,
  startRetention,
  type Store,
  type StoredFingerprintEvent,
} from '../store';

/** What inspecting a token needs: the config and its keyring (the CLI stops here). */
export interface KeyContext {
  config: Config;
  keyring: Keyring;
  pepper: Pepper;
  dataDir: string;
}

/** What every route handler and page shares in one server process. */
export interface Runtime extends KeyContext {
  access: AccessContext;
  store: Store;
  /** New failures in commit order, for every open stream in this process. */
  failureFeed: Feed<FailureItem>;
  limiters: { ingest: RateLimiter; inspect: RateLimiter; signIn: RateLimiter };
  /** Fingerprint changes in commit order, for every open stream in this process. */
  fingerprintFeed: Feed<StoredFingerprintEvent>;
  collector: Collector;
  /** Runs the config's probes (leader only on PostgreSQL) into the probe and failure stores. */
  probes: ProbeRunner;
  /** What grouping the fleet needs right now: the keyring's keys, staleness, unreachable targets. */
  fleetOptions(): GroupOptions;
  /** The fleet views the API and pages answer with, and the one check that an environment exists. */
  fleet: FleetService;
  /** Every instance's current state, cached until the next fingerprint write (ingest reads it per request). */
  fleetInstances(): Promise<InstanceState[]>;
  /** The bound on ingest waiting for its commit (429 past it). */
  admission: IngestAdmission;
  /** Built-in alerts, notification destinations and the /metrics registry. */
  alerting: Alerting;
}

export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(/*turbopackIgnore: true*/ env.AUTHSCOPE_DATA_DIR ?? './data');
}

export async function loadKeyContext(env: NodeJS.ProcessEnv = process.env): Promise<KeyContext> {
  const config = loadConfig(env);
  const dataDir = dataDirFrom(env);
  const pepper = loadPepper(env, dataDir);
  const keyring = await Keyring.load(config, { env, pepper });
  return { config, keyring, pepper, dataDir };
}

export async function createRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const { config, keyring, pepper, dataDir } = await loadKeyContext(env);
  const retentionDays = retentionDaysFrom(env);
  const limits = rateLimitsFrom(env);
  const store = await openStore({ dataDir, databaseUrl: env.DATABASE_URL }, (error) =>
    logEvent('warn', 'store_signal_error', describeError(error)),
  );
  // Refused before any background job starts (scripts/check-config.ts refuses first at `npm start`).
  const access = loadAccess(config, env, dataDir, (id, viewer) =>
    store.sessions.isActive(id, viewer),
  );
  const refusal = credentialLengthRefusal(access);
  if (refusal) {
    await store.close();
    throw new Error(refusal);
  }
  const failureFeed = new Feed<FailureItem>(store.failures, (error) =>
    logEvent('error', 'feed_failed', describeError(error)),
  );
  store.signals.on('failures', () => failureFeed.poke());
  startRetention(store.failures, retentionDays);
  logEvent('info', 'store_ready', {
    store: store.dialect,
    location: store.description,
    retention_days: retentionDays,
  });
  await store.audit.record({
    action: 'config_loaded',
    detail: `${config.file ?? 'no config file'}: ${config.keys.length} key(s)`,
  });
  const limiters = {
    ingest: new RateLimiter(limits.ingest),
    inspect: new RateLimiter(limits.inspect),
    signIn: new RateLimiter(limits.signIn),
  };

  const fingerprintFeed = new Feed<StoredFingerprintEvent>(store.fingerprints, (error) =>
    logEvent('error', 'feed_failed', describeError(error)),
  );
  let cachedInstances: Promise<InstanceState[]> | null = null;
  const fleetInstances = () =>
    (cachedInstances ??= store.fingerprints.instances().catch((error: unknown) => {
      cachedInstances = null;
      throw error;
    }));
  store.signals.on('fingerprints', () => {
    cachedInstances = null;
    fingerprintFeed.poke();
  });
  const collector = new Collector({
    targets: config.targets,
    record: async (reports) => {
      const changes = await store.fingerprints.record(reports, Date.now());
      await store.trust.record(reports, Date.now());
      if (changes.length > 0) await store.signals.notify('fingerprints');
      else cachedInstances = null; // last-seen times moved
    },
    mayPoll: () => store.isLeader(),
  });
  collector.start();
  const staleAfterMs = staleAfterFrom(env) ?? 3 * collector.longestIntervalMs();
  const fleetOptions = (): GroupOptions => ({
    now: Date.now(),
    staleAfterMs,
    keys: knownKeys(keyring.keys()),
    unreachable: collector.unreachable(),
  });
  const probes = createProbeRunner({
    config,
    keyring,
    store,
    env,
    fleetInstances,
    fleetKeys: () => fleetOptions().keys,
    redactionKey: pepper.bytes,
  });
  probes.start();
  // Probe results are kept as long as failures.
  startRetention(store.probes, retentionDays, 'probe_retention');
  startRetention(store.trust, retentionDays, 'trust_retention');

  const alerting = startAlerting({ config, env, store, instances: fleetInstances, fleetOptions });
  const saturation = new LoopSaturation();
  const admission = new IngestAdmission(admissionLimitsFrom(env), () => saturation.saturated());
  const fleet = createFleetService({
    environments: config.environments,
    instances: (environment) => store.fingerprints.instances(environment),
    options: fleetOptions,
  });
  return {
    config,
    keyring,
    pepper,
    dataDir,
    access,
    store,
    failureFeed,
    limiters,
    fingerprintFeed,
    collector,
    probes,
    fleetOptions,
    fleet,
    fleetInstances,
    admission,
    alerting,
  };
}

export function loadAccess(
  config: Config,
  env: NodeJS.ProcessEnv,
  dataDir: string,
  sessions: AccessContext['sessions'] = null,
): AccessContext {
  const baseDir = config.file ? path.dirname(config.file) : process.cwd();
  return {
    viewers: loadViewers(config, env, baseDir),
    ingestKeys: loadIngestKeys(config, env, baseDir),
    sessionSecret: loadSessionSecret(env, dataDir),
    trustedProxy: loadTrustedProxy(env),
    publicHost: loadPublicHost(env),
    credentialThrottle: new CredentialThrottle(rateLimitsFrom(env).authFailures),
    sessions,
    metricsToken: loadMetricsToken(env),
  };
}

// Route handlers are bundled separately; globalThis makes the runtime one per process, not per bundle.
const holder = globalThis as typeof globalThis & { __authscopeRuntime?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  holder.__authscopeRuntime ??= createRuntime().catch((error: unknown) => {
    holder.__authscopeRuntime = undefined;
    throw error;
  });
  return holder.__authscopeRuntime;
}

/** AUTHSCOPE_STALE_AFTER: a duration ("90s", "5m"); unset means three polling intervals. */
export function staleAfterFrom(env: NodeJS.ProcessEnv): number | null {
  const text = env.AUTHSCOPE_STALE_AFTER?.trim();
  if (!text) return null;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0)
    throw new Error(
      `AUTHSCOPE_STALE_AFTER: expected a duration such as "90s" or "5m", got "${text.slice(0, 20)}"`,
    );
  return ms;
}
