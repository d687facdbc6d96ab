import { base64urlProblems, decodeBase64url, decodeUtf8, type EncodingProblem } from './base64url';
import { duplicateMembers, isJsonObject, type JsonObject } from './json';

export type PartName =
  'header' | 'payload' | 'signature' | 'encrypted_key' | 'iv' | 'ciphertext' | 'tag';

export interface TokenPart {
  name: PartName;
  length: number;
  valid: boolean;
  /** Why the part is unusable ("bad base64url", "bad JSON", "empty signature"). */
  problem?: string;
  /** Decodable but not canonical base64url: strict libraries reject it. */
  encoding: EncodingProblem[];
}

interface ParsedBase {
  parts: TokenPart[];
  /** Names present twice in the header or the claims (JSON.parse keeps the last). */
  duplicates: { header: string[]; claims: string[] };
}

export interface ParsedJws extends ParsedBase {
  kind: 'jws';
  header: JsonObject;
  /** The claims when the payload is a JSON object; otherwise null and `payloadText` holds it. */
  claims: JsonObject | null;
  payloadText: string | null;
  /** The compact serialization exactly as received: verification runs over these bytes. */
  compact: string;
}

export interface ParsedJwe extends ParsedBase {
  kind: 'jwe';
  header: JsonObject;
}

export interface ParsedMalformed extends ParsedBase {
  kind: 'malformed';
  /** One sentence per problem, each naming the part: "header: bad JSON". */
  problems: string[];
  header: JsonObject | null;
}

export type ParsedToken = ParsedJws | ParsedJwe | ParsedMalformed;

const JWS_PARTS: PartName[] = ['header', 'payload', 'signature'];
const JWE_PARTS: PartName[] = ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'];

/** Splits and decodes a compact JWS (3 parts) or JWE (5 parts, protected header only). */
export function parseToken(token: string): ParsedToken {
  const segments = token.split('.');
  const noDuplicates = { header: [], claims: [] };
  if (segments.length !== 3 && segments.length !== 5) {
    const what =
      token.length === 0
        ? 'empty input'
        : `${segments.length} part${segments.length === 1 ? '' : 's'}`;
    return {
      kind: 'malformed',
      problems: [`wrong part count: ${what} (a JWS has 3, a JWE has 5)`],
      parts: [],
      header: null,
      duplicates: noDuplicates,
    };
  }

  const names = segments.length === 3 ? JWS_PARTS : JWE_PARTS;
  const parts = segments.map((segment, index) => describePart(names[index], segment));
  const problems: string[] = [];

  const headerJson = decodeJsonPart(segments[0]);
  let header: JsonObject | null = null;
  if (headerJson.error) {
    markInvalid(parts[0], headerJson.error);
  } else if (!isJsonObject(headerJson.value)) {
    markInvalid(parts[0], 'not a JSON object');
  } else {
    header = headerJson.value;
  }
  const duplicates = {
    header: headerJson.text ? duplicateMembers(headerJson.text) : [],
    claims: [] as string[],
  };

  if (segments.length === 5) {
    for (const part of parts.slice(1))
      if (!part.valid) problems.push(`${part.name}: ${part.problem}`);
    if (!parts[0].valid) problems.unshift(`header: ${parts[0].problem}`);
    if (problems.length > 0 || !header)
      return { kind: 'malformed', problems, parts, header, duplicates };
    return { kind: 'jwe', header, parts, duplicates };
  }

  let claims: JsonObject | null = null;
  let payloadText: string | null = null;
  // RFC 7797: with "b64": false the payload travels as is, not base64url-encoded.
  if (header?.b64 === false) {
    payloadText = segments[1];
    parts[1] = { ...parts[1], valid: true, encoding: [] };
  } else if (parts[1].valid) {
    const payload = decodeJsonPart(segments[1]);
    if (payload.text === null) {
      markInvalid(parts[1], 'not UTF-8 text');
    } else if (!payload.error && isJsonObject(payload.value)) {
      claims = payload.value;
      duplicates.claims = duplicateMembers(payload.text);
    } else {
      payloadText = payload.text;
    }
  }

  // Padding alone ("==") decodes to zero bytes: as unsigned as no signature at all.
  if (segments[2].replace(/=+$/, '').length === 0) markInvalid(parts[2], 'empty signature');
  for (const part of parts) {
    if (!part.valid && part.problem !== 'empty signature')
      problems.push(`${part.name}: ${part.problem}`);
  }
  if (problems.length > 0 || !header)
    return { kind: 'malformed', problems, parts, header, duplicates };
  return { kind: 'jws', header, claims, payloadText, parts, duplicates, compact: token };
}

function describePart(name: PartName, segment: string): TokenPart {
  const encoding = base64urlProblems(segment);
  const part: TokenPart = { name, length: segment.length, valid: true, encoding };
  const undecodable = encoding.includes('impossible_length') || decodeBase64url(segment) === null;
  if (undecodable) markInvalid(part, 'bad base64url');
  return part;
}

function markInvalid(part: TokenPart, problem: string): void {
  part.valid = false;
  part.problem ??= problem;
}

interface DecodedJson {
  value?: unknown;
  text: string | null;
  error?: string;
}

function decodeJsonPart(segment: string): DecodedJson {
  const bytes = decodeBase64url(segment);
  if (!bytes) return { text: null, error: 'bad base64url' };
  const text = decodeUtf8(bytes);
  if (text === null) return { text: null, error: 'not UTF-8 text' };
  try {
    return { value: JSON.parse(text), text };
  } catch {
    return { text, error: 'bad JSON' };
  }
}
