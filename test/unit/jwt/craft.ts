import { createHmac } from 'node:crypto';

/** Hand-made tokens: the exact header and payload text, so tests control every byte. */

export const b64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');

export const segment = (value: unknown) => b64url(JSON.stringify(value));

const HMAC_HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** An HS* token over exactly these header and payload texts. */
export function hmacToken(
  headerText: string,
  payloadText: string,
  secret: string | Uint8Array,
): string {
  const alg = (JSON.parse(headerText) as { alg: string }).alg;
  const input = `${b64url(headerText)}.${b64url(payloadText)}`;
  return `${input}.${hmacSignature(input, alg, secret)}`;
}

export function hmacSignature(input: string, alg: string, secret: string | Uint8Array): string {
  return createHmac(HMAC_HASH[alg], Buffer.from(secret)).update(input).digest('base64url');
}

/** A JWS from objects, signed with HMAC. */
export function hmacJwt(
  header: Record<string, unknown>,
  claims: unknown,
  secret: string | Uint8Array,
): string {
  return hmacToken(JSON.stringify(header), JSON.stringify(claims), secret);
}

/** Three segments from texts, with the signature segment given as is. */
export function compact(headerText: string, payloadText: string, signature: string): string {
  return `${b64url(headerText)}.${b64url(payloadText)}.${signature}`;
}
