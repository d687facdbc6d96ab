import type { ParsedJws } from '../jwt';
import { verifyAgainstKeys, type VerificationKey } from '../jwt';

export interface SignerKeyring {
  keys(): readonly VerificationKey[];
  hasKid(kid: string): boolean;
  refreshRemote(kid?: string): Promise<void>;
}

/**
 * The keyring key that signed a token seen at ingest. Keys of the failure's own environment
 * win when several verify (the same secret configured twice); signature only, as in the inspector.
 */
export function signerFinder(keyring: SignerKeyring) {
  return async (jws: ParsedJws, environment: string): Promise<string | null> => {
    const kid = typeof jws.header.kid === 'string' ? jws.header.kid : undefined;
    if (kid !== undefined && !keyring.hasKid(kid)) await keyring.refreshRemote(kid);
    const rows = await verifyAgainstKeys(jws, keyring.keys());
    const verified = rows.filter((row) => row.verified);
    return (verified.find((row) => row.environment === environment) ?? verified[0])?.key_id ?? null;
  };
}
