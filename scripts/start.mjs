// `npm start`: the production server on HOST (default 127.0.0.1) and PORT (default 3000),
// building first when there is no build.
import { spawn } from 'node:child_process';
import { checkConfig, ensureBuild, NEXT_BIN, ROOT } from './lib/build.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';

ensureBuild();
checkConfig();

const server = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', host, '--port', port], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
