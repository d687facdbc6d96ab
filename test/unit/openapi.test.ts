import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FILTER_FIELDS,
  GroupsQuery,
  ListQuery,
  STATS_DIMENSIONS,
  StatsQuery,
} from '../../lib/failures';
import { APP_DIR, listAppRoutes } from '../helpers/routes';

const spec = JSON.parse(readFileSync(path.join(APP_DIR, '../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

describe('docs/openapi.json', () => {
  const implemented = listAppRoutes()
    .filter((route) => route.kind === 'api')
    .flatMap((route) => route.methods.map((method) => `${method} ${route.path}`))
    .sort();
  const documented = Object.entries(spec.paths)
    .flatMap(([urlPath, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${urlPath}`),
    )
    .sort();

  it('documents every route handler in app/', () => {
    expect(implemented.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('documents no route that does not exist', () => {
    expect(documented.filter((route) => !implemented.includes(route))).toEqual([]);
  });
});

describe('docs/openapi.json query parameters', () => {
  const parameters = (urlPath: string) =>
    (
      (spec.paths[urlPath]?.get as { parameters?: Array<{ name: string }> } | undefined)
        ?.parameters ?? []
    )
      .map((parameter) => parameter.name)
      .sort();

  it('lists exactly what GET /api/v1/failures accepts', () => {
    expect(parameters('/api/v1/failures')).toEqual(Object.keys(ListQuery.shape).sort());
  });

  it('lists exactly what GET /api/v1/failures/stats accepts', () => {
    expect(parameters('/api/v1/failures/stats')).toEqual(Object.keys(StatsQuery.shape).sort());
  });

  it('lists exactly what GET /api/v1/failures/groups accepts', () => {
    expect(parameters('/api/v1/failures/groups')).toEqual(Object.keys(GroupsQuery.shape).sort());
  });

  it('lists the failure dimensions (lib/failures/dimensions.ts) as filters and chart splits', () => {
    const stats = (
      spec.paths['/api/v1/failures/stats'].get as {
        parameters: Array<{ name: string; schema?: { enum?: string[] } }>;
      }
    ).parameters;
    expect(
      [...(stats.find((parameter) => parameter.name === 'by')?.schema?.enum ?? [])].sort(),
    ).toEqual([...STATS_DIMENSIONS].sort());
    for (const urlPath of [
      '/api/v1/failures',
      '/api/v1/failures/stats',
      '/api/v1/failures/groups',
      '/api/v1/failures/causes',
    ]) {
      expect(parameters(urlPath)).toEqual(expect.arrayContaining([...FILTER_FIELDS]));
    }
  });
});
