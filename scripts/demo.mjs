// `npm run demo`: builds when needed, then runs the demo (dashboard + demo keys) through tsx.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild, ROOT } from './lib/build.mjs';

// How long the demo may take to stop its fleet and dashboard before everything is killed.
const STOP_GRACE_MS = 10_000;

ensureBuild();
// tsx as a loader (not its CLI): the CLI's signal relay SIGKILLs a child that is slow to answer,
// which under load left the dashboard running. Its own process group lets one signal reach the
// demo, the dashboard and anything they started, even if one of them has already died.
const demo = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(ROOT, 'scripts', 'demo', 'main.ts'), ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit', detached: true },
);
const signalGroup = (signal) => {
  try {
    process.kill(-demo.pid, signal);
  } catch {
    // The group is already gone.
  }
};
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // The demo stops its fleet and the dashboard itself; the group kill is the backstop.
    demo.kill(signal);
    setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS).unref();
  });
}
demo.on('exit', (code, signal) => {
  // Nothing of the demo outlives it: a dashboard it did not stop goes now.
  signalGroup('SIGTERM');
  process.exit(code ?? (signal ? 130 : 0));
});
