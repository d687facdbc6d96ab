import { redactCredentials } from '../failures/redact';

const MAX_REASON = 200;

/** A close reason or error as kept: token-shaped text redacted, then cut at 200 characters. */
export function cleanReason(text: string | null | undefined, token?: string): string | null {
  if (!text) return null;
  // The probe's own token is removed even where it is not token-shaped (an opaque login token).
  const withoutToken = token && token.length >= 8 ? text.split(token).join('[probe token]') : text;
  const redacted = redactCredentials(withoutToken).value as string;
  const flat = redacted.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return null;
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}
