import { JwksIssuer, JwksVerifier } from './jwksFleet';

export const ASYMMETRIC_ENVIRONMENT = 'edge';
const HOUR_S = 3600;

export interface AsymmetricTimings {
  /** When the issuer rotates to a new ES256 key (after the dashboard is up). */
  rotateAfterMs: number;
  /** How long after the rotation api-edge-2's hour-long JWKS cache expires. */
  staleForMs: number;
}

/** The asymmetric world: its members, its timeline and its clients. */
export interface AsymmetricWorld {
  environment: string;
  issuer: JwksIssuer;
  verifiers: JwksVerifier[];
  /** The keyring entry the dashboard reads the published JWKS from. */
  key: { id: string; environment: string; from: string; refresh: string };
  announce: () => Promise<void>;
  play: (rate: number) => () => void;
  members: () => Array<{ service: string; instance: string; port: number }>;
  close: () => Promise<void>;
}

/**
 * edge, a fleet that verifies with public keys: auth-edge signs ES256 and serves its real JWKS on
 * 127.0.0.1; two api-edge replicas cache it for an hour. At the rotation api-edge-1 re-fetches on
 * the unknown kid, api-edge-2 keeps its old cache until it expires: stale_jwks failures and an
 * incomplete rotation, then convergence. The demo's clock is compressed: api-edge-2's cache is
 * dated so that its hour ends `staleForMs` after the rotation.
 */
export async function startAsymmetric(
  dashboard: { url: string; ingestKey: string },
  timings: AsymmetricTimings,
): Promise<AsymmetricWorld> {
  const environment = ASYMMETRIC_ENVIRONMENT;
  const issuer = new JwksIssuer({
    environment,
    service: 'auth-edge',
    instance: 'auth-edge-1',
    dashboard,
  });
  await issuer.start('edge-2026-10');
  const verifier = (instance: string, refetchOnUnknownKid: boolean) =>
    new JwksVerifier({
      environment,
      service: 'api-edge',
      instance,
      dashboard,
      jwksUrl: issuer.jwksUrl,
      maxAgeSeconds: HOUR_S,
      refetchOnUnknownKid,
    });
  const verifiers = [verifier('api-edge-1', true), verifier('api-edge-2', false)];
  for (const one of verifiers) await one.start();

  const play = (rate: number) => {
    const now = Date.now();
    verifiers[0]!.datedAt(now - 10 * 60_000);
    verifiers[1]!.datedAt(now + timings.rotateAfterMs + timings.staleForMs - HOUR_S * 1000);
    for (const one of verifiers) void one.announce();
    let user = 0;
    const tick = setInterval(async () => {
      const name = `edge-user-${String(++user % 50).padStart(3, '0')}`;
      try {
        const login = await fetch(`http://127.0.0.1:${issuer.port}/login`, {
          method: 'POST',
          headers: { 'x-demo-user': name },
        });
        const { access_token: token } = (await login.json()) as { access_token: string };
        for (const one of verifiers)
          await fetch(`http://127.0.0.1:${one.port}/me`, {
            headers: { authorization: `Bearer ${token}`, 'x-demo-user': name },
          });
      } catch {
        // Stopping: the services are closing.
      }
    }, 1000 / rate);
    const rotate = setTimeout(async () => {
      await issuer.rotate('edge-2026-11');
      console.log(
        `demo ${environment}: auth-edge rotated to ES256 key edge-2026-11; api-edge-2 keeps its cached JWKS for ${Math.round(timings.staleForMs / 1000)} s more`,
      );
    }, timings.rotateAfterMs);
    return () => {
      clearInterval(tick);
      clearTimeout(rotate);
    };
  };

  return {
    environment,
    issuer,
    verifiers,
    key: { id: 'edge-jwks', environment, from: `jwks:${issuer.jwksUrl}`, refresh: '1m' },
    announce: async () => {
      await issuer.announce();
      for (const one of verifiers) await one.announce();
    },
    play,
    members: () => [
      { service: 'auth-edge', instance: 'auth-edge-1', port: issuer.port },
      ...verifiers.map((one) => ({
        service: 'api-edge',
        instance: one.options.instance,
        port: one.port,
      })),
    ],
    close: async () => {
      await Promise.allSettled([issuer.close(), ...verifiers.map((one) => one.close())]);
    },
  };
}
