export type Stripped = 'header_name' | 'bearer_prefix' | 'quotes' | 'whitespace';

export interface NormalizedToken {
  token: string;
  stripped: Stripped[];
}

const HEADER_NAME = /^(?:authorization|sec-websocket-protocol)\s*:\s*/i;
const BEARER = /^bearer(?:\s+|,\s*)/i;
const QUOTED = /^(["'`])([\s\S]*)\1$/;

/**
 * Turns what people paste (a header line, `Bearer …`, a quoted string, a token wrapped over
 * several lines) into the bare token, and says what it removed so the report can show it.
 */
export function normalizeToken(pasted: string): NormalizedToken {
  const stripped = new Set<Stripped>();
  let text = pasted.trim();

  for (let round = 0; round < 3; round++) {
    const before = text;
    const quoted = QUOTED.exec(text);
    if (quoted) {
      text = quoted[2].trim();
      stripped.add('quotes');
    }
    if (HEADER_NAME.test(text)) {
      text = text.replace(HEADER_NAME, '');
      stripped.add('header_name');
    }
    if (BEARER.test(text)) {
      text = text.replace(BEARER, '');
      stripped.add('bearer_prefix');
    }
    if (text === before) break;
  }

  if (pasted.trim() !== pasted || /\s/.test(text)) stripped.add('whitespace');
  text = text.replace(/\s+/g, '');
  return { token: text, stripped: [...stripped] };
}
