import type { AccessContext } from './guard';

/** A bearer credential must resist guessing on its own: the throttle only slows a guesser down. */
export const MIN_CREDENTIAL_LENGTH = 32;

/** Why the server must not start with these credentials, or null. Names them, never shows them. */
export function credentialLengthRefusal(
  context: Pick<AccessContext, 'viewers' | 'ingestKeys'>,
): string | null {
  const short = [
    ...context.viewers.viewers
      .filter((viewer) => viewer.secret.length < MIN_CREDENTIAL_LENGTH)
      .map((viewer) => `viewer "${viewer.name}"`),
    ...context.ingestKeys.keys
      .filter((key) => key.secret.length < MIN_CREDENTIAL_LENGTH)
      .map((key) => `ingest key "${key.name}"`),
  ];
  if (short.length === 0) return null;
  return `refusing to start: ${short.join(', ')} ${short.length === 1 ? 'is' : 'are'} shorter than ${MIN_CREDENTIAL_LENGTH} characters; generate one with: openssl rand -base64 32`;
}
