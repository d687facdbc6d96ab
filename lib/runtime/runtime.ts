import path from 'node:path';
import { loadConfig, type Config } from '../config';
import {
  CredentialThrottle,
  credentialLengthRefusal,
  loadIngestKeys,
  loadSessionSecret,
  loadViewers,
  RateLimiter,
  type AccessContext,
} from '../access';
import type { FailureItem } from '../failures';
import { Keyring, loadPepper, type Pepper } from '../keys';
import { IngestAdmission } from '../ingest';
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
import { cachedUntilChanged } from './cache';
import { readSettings, type Settings } from './settings';
import { openStore, startRetention, type Store, type StoredFingerprintEvent } from '../store';
import type { TrustState } from '../trust/types';

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
  /** Every instance's latest trust report, cached the same way (ingest's stale_jwks triage reads it). */
  trustReports(): Promise<TrustState>;
  /** The bound on ingest waiting for its commit (429 past it). */
  admission: IngestAdmission;
  /** Built-in alerts, notification destinations and the /metrics registry. */
  alerting: Alerting;
}

export async function loadKeyContext(settings: Settings = readSettings()): Promise<KeyContext> {
  const config = loadConfig(settings.configFile);
  const { dataDir } = settings;
  const pepper = loadPepper(settings.fingerprintKey, dataDir);
  const keyring = await Keyring.load(config, { env: settings.references, pepper });
  return { config, keyring, pepper, dataDir };
}

export async function createRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const settings = readSettings(env);
  const { config, keyring, pepper, dataDir } = await loadKeyContext(settings);
  const { retentionDays, rateLimits: limits } = settings;
  const store = await openStore({ dataDir, databaseUrl: settings.databaseUrl }, (error) =>
    logEvent('warn', 'store_signal_error', describeError(error)),
  );
  // Refused before any background job starts (scripts/check-config.ts refuses first at `npm start`).
  const access = loadAccess(config, settings, (id, viewer) => store.sessions.isActive(id, viewer));
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
  const instances = cachedUntilChanged(() => store.fingerprints.instances());
  const trustReports = cachedUntilChanged(() => store.trust.state());
  const fleetInstances = instances.get;
  store.signals.on('fingerprints', () => {
    instances.clear();
    trustReports.clear();
    fingerprintFeed.poke();
  });
  const collector = new Collector({
    targets: config.targets,
    record: async (reports) => {
      const changes = await store.fingerprints.record(reports, Date.now());
      const trustChanges = await store.trust.record(reports, Date.now());
      if (changes.length + trustChanges > 0) await store.signals.notify('fingerprints');
      else instances.clear(); // last-seen times moved
    },
    mayPoll: () => store.isLeader(),
  });
  collector.start();
  const staleAfterMs = settings.staleAfterMs ?? 3 * collector.longestIntervalMs();
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
    env: settings.references,
    fleetInstances,
    fleetKeys: () => fleetOptions().keys,
    redactionKey: pepper.bytes,
  });
  probes.start();
  // Probe results are kept as long as failures.
  startRetention(store.probes, retentionDays, 'probe_retention');
  startRetention(store.trust, retentionDays, 'trust_retention');

  const alerting = startAlerting({
    config,
    settings,
    store,
    instances: fleetInstances,
    fleetOptions,
  });
  const admission = new IngestAdmission(settings.admission);
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
    trustReports: trustReports.get,
    admission,
    alerting,
  };
}

export function loadAccess(
  config: Config,
  settings: Settings,
  sessions: AccessContext['sessions'] = null,
): AccessContext {
  const sources = {
    env: settings.references,
    baseDir: config.file ? path.dirname(config.file) : process.cwd(),
  };
  return {
    viewers: loadViewers(config, settings.viewerTokens, sources),
    ingestKeys: loadIngestKeys(config, settings.ingestKeys, sources),
    sessionSecret: loadSessionSecret(settings.sessionSecret, settings.dataDir),
    trustedProxy: settings.trustedProxy,
    publicHost: settings.publicUrl?.host.toLowerCase() ?? null,
    credentialThrottle: new CredentialThrottle(settings.rateLimits.authFailures),
    sessions,
    metricsToken: settings.metricsToken,
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
