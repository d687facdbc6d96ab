// Runs before the server listens: validates AUTHSCOPE_CONFIG (naming file and field) and the bind
// rule, so a bad setup stops at start instead of failing on the first request.
import { bindRefusal, credentialLengthRefusal, rateLimitsFrom } from '../lib/access';
import { loadDestinations } from '../lib/alerts';
import { ConfigError, loadConfig } from '../lib/config';
import { dataDirFrom, loadAccess, staleAfterFrom } from '../lib/runtime/runtime';
import { admissionLimitsFrom } from '../lib/ingest/admission';
import { retentionDaysFrom } from '../lib/store/retention';

try {
  const config = loadConfig(process.env);
  for (const check of [
    () => retentionDaysFrom(process.env),
    () => rateLimitsFrom(process.env),
    () => staleAfterFrom(process.env),
    () => admissionLimitsFrom(process.env),
    () => loadDestinations(config.notify, process.env),
  ]) {
    try {
      check();
    } catch (error) {
      console.error(`authscope: ${(error as Error).message}`);
      process.exit(1);
    }
  }
  if (process.env.DATABASE_URL && !/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL)) {
    console.error(
      'authscope: DATABASE_URL: expected postgres://… (leave it unset for the embedded SQLite database)',
    );
    process.exit(1);
  }
  let access;
  try {
    access = loadAccess(config, process.env, dataDirFrom(process.env));
  } catch (error) {
    console.error(`authscope: ${(error as Error).message}`);
    process.exit(1);
  }
  const refusal =
    bindRefusal(process.env.HOST || '127.0.0.1', access) ?? credentialLengthRefusal(access);
  if (refusal) {
    console.error(`authscope: ${refusal}`);
    process.exit(1);
  }
  for (const problem of [...access.viewers.problems, ...access.ingestKeys.problems])
    console.error(`authscope: warning: ${problem}`);
  const where = config.file ?? 'no config file (empty keyring)';
  console.log(
    `authscope: config ${where}: ${config.keys.length} key(s), ${config.targets.length} target(s), environments ${config.environments.join(', ')}`,
  );
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`authscope: invalid configuration\n${error.message}`);
  process.exit(1);
}
