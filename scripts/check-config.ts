// Runs before the server listens: reads the environment (lib/runtime/settings.ts) and
// AUTHSCOPE_CONFIG (naming file and field) and applies the bind rule, so a bad setup stops at
// start instead of failing on the first request.
import { bindRefusal, credentialLengthRefusal } from '../lib/access';
import { loadDestinations } from '../lib/alerts';
import { ConfigError, loadConfig } from '../lib/config';
import { loadAccess } from '../lib/runtime/runtime';
import { readSettings, SettingsError } from '../lib/runtime/settings';

function refuse(message: string): never {
  console.error(`authscope: ${message}`);
  process.exit(1);
}

try {
  const settings = readSettings(process.env);
  const config = loadConfig(settings.configFile);
  loadDestinations(config.notify, settings.references);
  const access = loadAccess(config, settings);
  const refusal = bindRefusal(settings.host, access) ?? credentialLengthRefusal(access);
  if (refusal) refuse(refusal);
  for (const problem of [...access.viewers.problems, ...access.ingestKeys.problems])
    console.error(`authscope: warning: ${problem}`);
  const where = config.file ?? 'no config file (empty keyring)';
  console.log(
    `authscope: config ${where}: ${config.keys.length} key(s), ${config.targets.length} target(s), environments ${config.environments.join(', ')}`,
  );
} catch (error) {
  if (error instanceof ConfigError) refuse(`invalid configuration\n${error.message}`);
  if (error instanceof SettingsError) refuse(error.message.replace(/\n/g, '\nauthscope: '));
  // loadDestinations and loadAccess throw plain errors naming the destination or reference.
  refuse((error as Error).message);
}
