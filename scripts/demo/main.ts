// `npm run demo`: the dashboard on a fresh SQLite file, and a simulated fleet per environment —
// real HTTP and WebSocket services, real tokens, real handshakes failing — that reports to it
// through the public API only, as a real integration would.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../../lib/cli/args';
import { ASYMMETRIC_ENVIRONMENT, startAsymmetric } from './asymmetric';
import { startClients } from './clients';
import { demoBanner } from './banner';
import { demoProbes } from './probes';
import { SCENARIOS, startWorld, type Scenario, type World } from './scenarios';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'scripts', 'server.mjs');
const USAGE = `usage: npm run demo -- [--scenario development|staging|production|asymmetric] [--rate N] [--port PORT] [--data-dir DIR]`;

const args = parseArgs(process.argv.slice(2), ['help']);
if (args.flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const scenarioFlag = typeof args.flags.scenario === 'string' ? args.flags.scenario : null;
if (
  scenarioFlag &&
  scenarioFlag !== 'asymmetric' &&
  !SCENARIOS.includes(scenarioFlag as Scenario)
) {
  console.error(
    `authscope demo: unknown scenario "${scenarioFlag}" (expected ${SCENARIOS.join(', ')})\n${USAGE}`,
  );
  process.exit(2);
}
const scenarios = scenarioFlag ? SCENARIOS.filter((name) => name === scenarioFlag) : [...SCENARIOS];
// The public-key fleet (ES256, a real JWKS, hour-long caches) runs unless another scenario is picked.
const withAsymmetric = !scenarioFlag || scenarioFlag === 'asymmetric';
const rate = Number(typeof args.flags.rate === 'string' ? args.flags.rate : 3);
if (!Number.isFinite(rate) || rate <= 0) {
  console.error(`authscope demo: --rate expects a positive number\n${USAGE}`);
  process.exit(2);
}
const host = process.env.HOST || '127.0.0.1';
const port = String(
  typeof args.flags.port === 'string' ? args.flags.port : process.env.PORT || '3000',
);
const dataDir = path.resolve(
  typeof args.flags['data-dir'] === 'string'
    ? args.flags['data-dir']
    : path.join(ROOT, 'data', 'demo'),
);
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// Fresh secrets and ingest keys every run: the demo never ships one in the repository.
const ingestKeys = Object.fromEntries(
  scenarios.map((name) => [name, randomBytes(24).toString('base64url')]),
);
const worlds: World[] = [];
for (const scenario of scenarios)
  worlds.push(await startWorld(scenario, { url, ingestKey: ingestKeys[scenario] }));
if (withAsymmetric) ingestKeys[ASYMMETRIC_ENVIRONMENT] = randomBytes(24).toString('base64url');
const asymmetric = withAsymmetric
  ? await startAsymmetric(
      { url, ingestKey: ingestKeys[ASYMMETRIC_ENVIRONMENT] },
      { rotateAfterMs: 12_000, staleForMs: 60_000 },
    )
  : null;
const asymmetricEnvironments = asymmetric ? [asymmetric.environment] : [];

const keyVariable = (id: string) => `DEMO_KEY_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
const ingestVariable = (environment: string) => `DEMO_INGEST_${environment.toUpperCase()}`;
const configFile = path.join(dataDir, 'authscope.json');
writeFileSync(
  configFile,
  JSON.stringify(
    {
      environments: [...SCENARIOS, ...asymmetricEnvironments],
      keys: [
        ...worlds.flatMap((world) =>
          Object.keys(world.keys).map((id) => ({
            id,
            environment: world.environment,
            from: `env:${keyVariable(id)}`,
            alg: 'HS256',
          })),
        ),
        ...(asymmetric ? [asymmetric.key] : []),
      ],
      ingestKeys: [...scenarios, ...asymmetricEnvironments].map((environment) => ({
        name: `${environment}-services`,
        from: `env:${ingestVariable(environment)}`,
        environments: [environment],
      })),
      // Development's services are polled as well as pushing: both paths feed the same view.
      targets: worlds
        .filter((world) => world.environment === 'development')
        .flatMap((world) =>
          world.all().map((service) => ({
            environment: world.environment,
            service: service.options.service,
            url: `http://127.0.0.1:${service.port}/debug/jwt-secret-info`,
            every: '15s',
          })),
        ),
      probes: worlds.map(demoProbes),
    },
    null,
    2,
  ),
);

const dashboard = spawn(process.execPath, [SERVER], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    HOST: host,
    PORT: port,
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_DATA_DIR: dataDir,
    ...Object.fromEntries(
      worlds.flatMap((world) =>
        Object.entries(world.keys).map(([id, value]) => [keyVariable(id), value]),
      ),
    ),
    ...Object.fromEntries(
      [...scenarios, ...asymmetricEnvironments].map((environment) => [
        ingestVariable(environment),
        ingestKeys[environment],
      ]),
    ),
  },
});

let stopping = false;
let stopClients: () => void = () => undefined;
const stopTimelines: Array<() => void> = [];
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nauthscope demo: stopping…');
  stopClients();
  stopTimelines.forEach((stopTimeline) => stopTimeline());
  await Promise.allSettled([
    ...worlds.flatMap((world) => world.all().map((service) => service.close())),
    asymmetric?.close(),
  ]);
  dashboard.kill('SIGTERM');
  setTimeout(() => dashboard.kill('SIGKILL'), 5_000).unref();
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
dashboard.on('exit', (code) => {
  if (!stopping)
    console.error(`authscope demo: the dashboard exited (${code}); stopping the fleet`);
  void stop().then(() => process.exit(stopping && code === 0 ? 0 : (code ?? 0)));
});

await waitUntilUp(url);
for (const world of worlds) for (const service of world.all()) await service.announce();
for (const world of worlds) stopTimelines.push(world.play());
if (asymmetric) {
  await asymmetric.announce();
  stopTimelines.push(asymmetric.play(rate));
}
if (worlds.length > 0) stopClients = startClients(worlds, rate).stop;

writeFileSync(
  path.join(dataDir, 'fleet.json'),
  JSON.stringify(
    {
      dashboard: { url, pid: dashboard.pid },
      demo: { pid: process.pid },
      services: [
        ...worlds.flatMap((world) =>
          world.all().map((service) => ({
            environment: world.environment as string,
            service: service.options.service,
            instance: service.options.instance,
            port: service.port,
          })),
        ),
        ...(asymmetric?.members() ?? []).map((member) => ({
          environment: ASYMMETRIC_ENVIRONMENT,
          ...member,
        })),
      ],
    },
    null,
    2,
  ),
);

const stagingWorld = worlds.find((world) => world.environment === 'staging') ?? worlds[0];
const tokenFrom = stagingWorld
  ? { environment: stagingWorld.environment as string, port: stagingWorld.auth.port }
  : { environment: ASYMMETRIC_ENVIRONMENT, port: asymmetric!.issuer.port };
const login = await fetch(`http://127.0.0.1:${tokenFrom.port}/login`, {
  method: 'POST',
  body: JSON.stringify({ user: `${tokenFrom.environment}-e2e-user-002` }),
});
const { access_token: token } = (await login.json()) as { access_token: string };

console.log(
  '\n' +
    demoBanner({
      url,
      scenarios,
      asymmetric: asymmetric?.environment ?? null,
      rate,
      tokenEnvironment: tokenFrom.environment,
      token,
    }),
);

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
  await stop();
}
