import {
  collectFindings,
  computeTiming,
  embeddedJwkVerifies,
  findKeyConfusion,
  findWeakSigner,
  normalizeToken,
  parseToken,
  verifyAgainstKeys,
  type VerificationRow,
} from '../jwt';
import type { KeyringKey } from '../keys';
import { WEAK_SECRETS } from '../keys';
import { predictAcceptance, type InstanceState, type KnownKey } from '../fleet';
import { trustAcceptance, withTrustVerdicts, type FleetTrust } from '../trust';
import type { InspectionReport } from './report';

/** The part of the keyring an inspection needs; the real Keyring satisfies it. */
export interface InspectionKeyring {
  keys(): KeyringKey[];
  hasKid(kid: string): boolean;
  /** Re-fetch remote key sets that lack `kid` (rate-limited by the keyring). */
  refreshRemote(kid?: string): Promise<void>;
}

export interface InspectOptions {
  keyring: InspectionKeyring;
  now: Date;
  clockSkewSeconds: number;
  maxLifetimeSeconds: number;
  environment?: string;
  /** The fleet's current state, to predict which services accept the token. */
  fleet?: { instances: readonly InstanceState[]; keys: readonly KnownKey[]; trust?: FleetTrust };
}

/** Paste in, report out: normalize → parse → timing → verify → findings. Nothing is stored. */
export async function inspectToken(
  pasted: string,
  options: InspectOptions,
): Promise<InspectionReport> {
  const { token, stripped } = normalizeToken(pasted);
  const parsed = parseToken(token);
  const claims = parsed.kind === 'jws' ? parsed.claims : null;
  const timing =
    parsed.kind === 'jws' ? computeTiming(claims, options.now, options.clockSkewSeconds) : null;

  let verification: VerificationRow[] = [];
  let weakSigner: string | null = null;
  let keyConfusionWith: string | null = null;
  let embeddedJwkSigned = false;
  if (parsed.kind === 'jws') {
    const kid = parsed.header.kid;
    // A kid nobody has may mean a rotation just happened: give remote key sets one chance.
    await options.keyring.refreshRemote(
      typeof kid === 'string' && !options.keyring.hasKid(kid) ? kid : undefined,
    );
    const keys = options.keyring.keys();
    verification = await verifyAgainstKeys(parsed, keys);
    weakSigner = (await findWeakSigner(parsed, WEAK_SECRETS))?.label ?? null;
    const publicKeys = keys
      .filter((key) => key.kind !== 'oct')
      .map((key) => ({ keyId: key.keyId, pems: key.publicPems }));
    keyConfusionWith = await findKeyConfusion(parsed, publicKeys);
    embeddedJwkSigned = await embeddedJwkVerifies(parsed);
  }

  const keys = options.keyring.keys();
  const findings = collectFindings({
    stripped,
    parsed,
    timing,
    verification,
    knownKids: new Set(keys.flatMap((key) => (key.kid ? [key.kid] : []))),
    keyringSize: keys.length,
    maxLifetimeSeconds: options.maxLifetimeSeconds,
    weakSigner,
    keyConfusionWith,
    embeddedJwkSigned,
  });
  const verifiedBy = [
    ...new Set(verification.filter((row) => row.verified).map((row) => row.key_id)),
  ];
  const signerEnvironment = verification.find((row) => row.verified)?.environment ?? null;

  return {
    normalized: { stripped, length: token.length },
    structure: {
      kind: parsed.kind,
      parts: parsed.parts,
      problems: parsed.kind === 'malformed' ? parsed.problems : [],
    },
    header: parsed.header,
    claims,
    payload_text: parsed.kind === 'jws' ? parsed.payloadText : null,
    timing,
    findings,
    verification,
    verified_by: verifiedBy,
    fleet: fleetVerdicts(verification, options.environment ?? signerEnvironment, options.fleet, {
      kid: typeof parsed.header?.kid === 'string' ? parsed.header.kid : null,
      now: options.now.getTime(),
    }),
  };
}

/** Which services of the environment would accept the token: their current key is its signer. */
function fleetVerdicts(
  verification: readonly VerificationRow[],
  environment: string | null,
  fleet: InspectOptions['fleet'],
  token: { kid: string | null; now: number },
): InspectionReport['fleet'] {
  if (!environment || !fleet) return { environment, services: [] };
  const verified = verification.filter((row) => row.verified);
  const signer =
    (verified.find((row) => row.environment === environment) ?? verified[0])?.key_id ?? null;
  const services = predictAcceptance(signer, environment, fleet.instances, fleet.keys);
  // Public-key fleets: a verifier's JWKS cache decides, by the stale_jwks rule (lib/trust).
  const trusted = fleet.trust
    ? trustAcceptance(token.kid, environment, fleet.trust, token.now)
    : [];
  return { environment, services: withTrustVerdicts(services, trusted) };
}
