import { replaceNamedCredentials } from '../failures/credentialNames';
import { replaceTokens } from '../jwt/tokenScan';

const MAX_REASON = 200;

/** A close reason or error as kept: token-shaped text redacted, then cut at 200 characters. */
export function cleanReason(text: string | null | undefined, token?: string): string | null {
  if (!text) return null;
  // The probe's own token is removed even where it is not token-shaped (an opaque login token).
  const withoutToken = token && token.length >= 8 ? text.split(token).join('[probe token]') : text;
  // No digest in a reason: nothing needs to correlate it, so the markers say only what was there.
  const redacted = replaceNamedCredentials(
    replaceTokens(withoutToken, () => '[redacted token]'),
    () => '[redacted]',
  );
  const flat = redacted.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return null;
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}
