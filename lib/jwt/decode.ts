import { normalizeToken, type Stripped } from './normalize';
import { parseToken, type ParsedToken } from './parse';
import { computeTiming, type Timing } from './timing';

export interface LocalDecoding {
  token: string;
  stripped: Stripped[];
  parsed: ParsedToken;
  timing: Timing | null;
}

/** What the inspect page shows while you type, decoded in the browser with no round trip. */
export function decodeForDisplay(pasted: string, now: Date, skewSeconds = 60): LocalDecoding {
  const { token, stripped } = normalizeToken(pasted);
  const parsed = parseToken(token);
  const timing = parsed.kind === 'jws' ? computeTiming(parsed.claims, now, skewSeconds) : null;
  return { token, stripped, parsed, timing };
}
