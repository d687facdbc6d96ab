// Validates AUTHSCOPE_CONFIG before the server starts, so a bad file stops `npm start` with the
// file and field named instead of failing on the first request.
import { ConfigError, loadConfig } from '../lib/config';

try {
  const config = loadConfig(process.env);
  const where = config.file ?? 'no config file (empty keyring)';
  console.log(`authscope: config ${where}: ${config.keys.length} key(s), ${config.targets.length} target(s), environments ${config.environments.join(', ')}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`authscope: invalid configuration\n${error.message}`);
  process.exit(1);
}
