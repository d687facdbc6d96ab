import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { loadIngestKeys, loadSessionSecret, loadTrustedProxy, loadViewers, type AccessContext } from '../access';
import { Keyring, loadPepper, type Pepper } from '../keys';

/** What every route handler and page shares in one server process. */
export interface Runtime {
  config: Config;
  keyring: Keyring;
  pepper: Pepper;
  dataDir: string;
  access: AccessContext;
}

export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(/*turbopackIgnore: true*/ env.AUTHSCOPE_DATA_DIR ?? './data');
}

export async function createRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const config = loadConfig(env);
  const dataDir = dataDirFrom(env);
  const pepper = loadPepper(env, dataDir);
  const keyring = await Keyring.load(config, { env, pepper });
  return { config, keyring, pepper, dataDir, access: loadAccess(config, env, dataDir) };
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
