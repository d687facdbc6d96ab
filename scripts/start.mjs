// `npm start`: the production server on HOST (default 127.0.0.1) and PORT (default 3000),
// building first when there is no build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild, ROOT } from './lib/build.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';

ensureBuild();

const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'server.mjs')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    HOST: host,
    PORT: port,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
