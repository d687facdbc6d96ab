// The demo: a dashboard on embedded SQLite with one HS256 key per environment, handed to it
// through environment variables as a real deployment would, and a token to paste.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'scripts', 'server.mjs');
const ENVIRONMENTS = ['development', 'staging', 'production'] as const;

const dataDir = path.join(ROOT, 'data', 'demo');
const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// Fresh secrets each run: the demo never ships a secret in the repository.
const secrets = Object.fromEntries(ENVIRONMENTS.map((environment) => [environment, randomBytes(32).toString('base64url')]));
const secretVariable = (environment: string) => `DEMO_JWT_SECRET_${environment.toUpperCase()}`;
const configFile = path.join(dataDir, 'authscope.json');
writeFileSync(configFile, JSON.stringify({
  environments: ENVIRONMENTS,
  keys: ENVIRONMENTS.map((environment) => ({
    id: `${environment === 'production' ? 'prod' : environment}-primary`,
    environment,
    from: `env:${secretVariable(environment)}`,
    alg: 'HS256',
  })),
}, null, 2));

const dashboard = spawn(process.execPath, [SERVER], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    HOST: host,
    PORT: port,
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_DATA_DIR: dataDir,
    ...Object.fromEntries(ENVIRONMENTS.map((environment) => [secretVariable(environment), secrets[environment]])),
  },
});

const url = `http://${host}:${port}`;
await waitUntilUp(url);
const token = await new SignJWT({ sub: 'staging-e2e-user-002', scope: 'chat:connect' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setIssuer('auth-service.staging')
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(new TextEncoder().encode(secrets.staging));

console.log(`
authscope demo is running: ${url}

Paste this staging token at ${url}/inspect to see it verified by staging-primary:

${token}

Press Ctrl-C to stop.
`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  dashboard.kill('SIGTERM');
  setTimeout(() => dashboard.kill('SIGKILL'), 5_000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
dashboard.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)));

async function waitUntilUp(base: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (dashboard.exitCode !== null) process.exit(dashboard.exitCode);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`authscope demo: the dashboard did not start at ${base}`);
  stop();
}
