/**
 * Names that appear twice in one JSON object, at any depth. JSON.parse keeps the last one;
 * other parsers keep the first or reject — the disagreement is the finding.
 */
export function duplicateMembers(text: string): string[] {
  const duplicates = new Set<string>();
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = endOfString(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const name = safeParseString(text.slice(i, end + 1));
        if (name !== null) {
          if (top.has(name)) duplicates.add(name);
          top.add(name);
        }
      }
      expectKey = false;
      i = end;
    } else if (char === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (char === '[') {
      stack.push(null);
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return [...duplicates];
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function safeParseString(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
