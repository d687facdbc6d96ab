import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { loadIngestKeys, loadSessionSecret, loadTrustedProxy, loadViewers, RateLimiter, rateLimitsFrom, type AccessContext } from '../access';
import type { FailureItem } from '../failures';
import { Keyring, loadPepper, type Pepper } from '../keys';
import { Feed } from '../live/feed';
import { describeError, logEvent } from '../log';
import { openStore, retentionDaysFrom, startRetention, type Store } from '../store';

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
  const store = await openStore({ dataDir, databaseUrl: env.DATABASE_URL }, (error) => logEvent('warn', 'store_signal_error', describeError(error)));
  const failureFeed = new Feed<FailureItem>(store.failures, (error) => logEvent('error', 'feed_failed', describeError(error)));
  store.signals.on('failures', () => failureFeed.poke());
  startRetention(store.failures, retentionDays);
  logEvent('info', 'store_ready', { store: store.dialect, location: store.description, retention_days: retentionDays });
  await store.audit.record({ action: 'config_loaded', detail: `${config.file ?? 'no config file'}: ${config.keys.length} key(s)` });
  const limiters = { ingest: new RateLimiter(limits.ingest), inspect: new RateLimiter(limits.inspect), signIn: new RateLimiter(limits.signIn) };
  return { config, keyring, pepper, dataDir, access: loadAccess(config, env, dataDir), store, failureFeed, limiters };
}

export function loadAccess(config: Config, env: NodeJS.ProcessEnv, dataDir: string): AccessContext {
  const baseDir = config.file ? path.dirname(config.file) : process.cwd();
  return {
    viewers: loadViewers(config, env, baseDir),
    ingestKeys: loadIngestKeys(config, env, baseDir),
    sessionSecret: loadSessionSecret(env, dataDir),
    trustedProxy: loadTrustedProxy(env),
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
