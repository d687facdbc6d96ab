import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

/** Every module `entry` imports, transitively (type-only imports are erased, so skipped). */
function importsOf(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const [, typeOnly, specifier] of source.matchAll(
    /^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm,
  )) {
    if (typeOnly) continue;
    if (!specifier.startsWith('.')) {
      seen.add(specifier);
      continue;
    }
    const base = path.resolve(path.dirname(entry), specifier);
    importsOf(
      [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((file) => {
        try {
          readFileSync(file);
          return true;
        } catch {
          return false;
        }
      })!,
      seen,
    );
  }
  return seen;
}

describe('browser-safe entry points', () => {
  it.each([
    'lib/jwt/browser.ts',
    'lib/failures/types.ts',
    'lib/failures/dimensions.ts',
    'lib/client/failureQuery.ts',
  ])('%s pulls in neither jose nor node built-ins', (entry) => {
    const external = [...importsOf(path.join(ROOT, entry))].filter((name) => !name.startsWith('/'));
    expect(
      external.filter((name) => name === 'jose' || name.startsWith('node:') || name === 'crypto'),
    ).toEqual([]);
  });

  it('lib/jwt (the server entry) does use them, so the check can fail', () => {
    const external = [...importsOf(path.join(ROOT, 'lib/jwt/index.ts'))].filter(
      (name) => !name.startsWith('/'),
    );
    expect(external).toContain('jose');
  });
});
