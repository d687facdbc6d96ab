import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../app');

export interface AppRoute {
  /** URL path with `{param}` placeholders, route groups removed: `/api/v1/failures/{id}`. */
  path: string;
  kind: 'api' | 'page';
  methods: string[];
  file: string;
}

/** Every route handler and page under app/, read from the file system as Next.js does. */
export function listAppRoutes(dir = APP_DIR): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...listAppRoutes(full));
    else if (entry.name === 'route.ts' || entry.name === 'page.tsx') {
      const urlPath = toUrlPath(path.relative(APP_DIR, dir));
      const source = readFileSync(full, 'utf8');
      const methods =
        entry.name === 'page.tsx'
          ? ['GET']
          : [
              ...source.matchAll(
                /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
              ),
            ].map((match) => match[1]);
      routes.push({
        path: urlPath,
        kind: entry.name === 'route.ts' ? 'api' : 'page',
        methods,
        file: full,
      });
    }
  }
  return routes;
}

function toUrlPath(relative: string): string {
  const segments = relative
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment));
  return '/' + segments.map((segment) => segment.replace(/^\[(.+)\]$/, '{$1}')).join('/');
}
