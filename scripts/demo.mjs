// `npm run demo`: builds when needed, then runs the demo (dashboard + demo keys) through tsx.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild, ROOT, TSX_BIN } from './lib/build.mjs';

ensureBuild();
const demo = spawn(
  process.execPath,
  [TSX_BIN, path.join(ROOT, 'scripts', 'demo', 'main.ts'), ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the whole foreground process group; the demo stops its children itself.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
