export type KeyKind = 'oct' | 'RSA' | 'EC' | 'OKP';

/** The algorithms a keyring key may name (the config schema's list). */
export const SUPPORTED_ALGS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type SupportedAlg = (typeof SUPPORTED_ALGS)[number];

interface AlgorithmSpec {
  kind: KeyKind;
  /** For EC and OKP: the one curve this algorithm signs with. */
  crv?: string;
  /** For HMAC: the minimum secret size in bytes (RFC 7518 §3.2). */
  minSecretBytes?: number;
}

const ALGORITHMS: Record<SupportedAlg, AlgorithmSpec> = {
  HS256: { kind: 'oct', minSecretBytes: 32 },
  HS384: { kind: 'oct', minSecretBytes: 48 },
  HS512: { kind: 'oct', minSecretBytes: 64 },
  RS256: { kind: 'RSA' },
  RS384: { kind: 'RSA' },
  RS512: { kind: 'RSA' },
  PS256: { kind: 'RSA' },
  PS384: { kind: 'RSA' },
  PS512: { kind: 'RSA' },
  ES256: { kind: 'EC', crv: 'P-256' },
  ES384: { kind: 'EC', crv: 'P-384' },
  ES512: { kind: 'EC', crv: 'P-521' },
  EdDSA: { kind: 'OKP', crv: 'Ed25519' },
  Ed25519: { kind: 'OKP', crv: 'Ed25519' },
};

export function algorithmSpec(alg: unknown): AlgorithmSpec | undefined {
  return typeof alg === 'string' && Object.hasOwn(ALGORITHMS, alg)
    ? ALGORITHMS[alg as SupportedAlg]
    : undefined;
}

export function isHmacAlg(alg: unknown): boolean {
  return algorithmSpec(alg)?.kind === 'oct';
}

/** Whether a key of this type and curve can check this algorithm at all. */
export function keyTypeFitsAlg(key: { kind: KeyKind; crv?: string }, alg: string): boolean {
  const spec = algorithmSpec(alg);
  if (!spec || spec.kind !== key.kind) return false;
  return spec.crv === undefined || spec.crv === key.crv;
}

/** RFC 7518 §3.2: an HMAC key shorter than the hash output is too weak. */
export function minSecretBytes(alg: string | undefined): number {
  return algorithmSpec(alg)?.minSecretBytes ?? 32;
}
