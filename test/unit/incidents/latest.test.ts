import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentQuery } from '../../../lib/incidents/load';
import { latestIncidentWindow } from '../../../lib/incidents/latest';
import { openStore, type Store } from '../../../lib/store';
import { normalizedFailure } from '../../fixtures/failures/normalizedFailure';

const T = (text: string) => Date.parse(`2026-12-03T${text}Z`);

describe('latestIncidentWindow (lib/incidents/latest.ts) over a real SQLite store', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-incidents-latest-'));
    store = await openStore({ dataDir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is null with no failures at all', async () => {
    expect(await latestIncidentWindow(store, T('12:00:00'))).toBeNull();
  });

  it('lands on the most recent failure’s environment, over the hour up to the end of its minute', async () => {
    await store.failures.insert([
      normalizedFailure({ environment: 'staging', occurred_at: T('09:00:00') }),
      normalizedFailure({ environment: 'production', occurred_at: T('10:15:30') }),
      normalizedFailure({ environment: 'development', occurred_at: T('08:00:00') }),
    ]);
    expect(await latestIncidentWindow(store, T('12:00:00'))).toEqual({
      environment: 'production',
      from: '2026-12-03T09:16:00.000Z',
      to: '2026-12-03T10:16:00.000Z',
    });
  });

  it('ends the window no later than the current minute, even for a failure reported ahead of the clock', async () => {
    await store.failures.insert([
      normalizedFailure({ environment: 'staging', occurred_at: T('12:30:00') }),
    ]);
    expect(await latestIncidentWindow(store, T('12:00:10'))).toEqual({
      environment: 'staging',
      from: '2026-12-03T11:01:00.000Z',
      to: '2026-12-03T12:01:00.000Z',
    });
  });

  it('gives a window the incident query accepts and that holds the failure', async () => {
    const at = T('10:15:30');
    await store.failures.insert([normalizedFailure({ environment: 'staging', occurred_at: at })]);
    const window = (await latestIncidentWindow(store, T('12:00:00')))!;
    const query = IncidentQuery.parse(window);
    expect(query.from).toBeLessThanOrEqual(at);
    expect(query.to).toBeGreaterThan(at);
  });
});

describe('IncidentQuery (lib/incidents/load.ts)', () => {
  const parse = (input: unknown) => IncidentQuery.safeParse(input);
  const base = { environment: 'staging', from: '2026-12-03T10:00:00Z', to: '2026-12-03T11:00:00Z' };

  it('reads an environment and an absolute window as milliseconds', () => {
    expect(parse(base).data).toEqual({
      environment: 'staging',
      from: T('10:00:00'),
      to: T('11:00:00'),
    });
    expect(parse({ ...base, from: '2026-12-03T12:00:00+02:00' }).data?.from).toBe(T('10:00:00'));
  });

  it.each([
    ['an empty environment', { ...base, environment: '' }, 'environment'],
    ['a long environment', { ...base, environment: 'x'.repeat(129) }, 'environment'],
    ['a relative time', { ...base, from: '1h' }, 'from'],
    ['an unknown field', { ...base, range: '1h' }, ''],
    ['from after to', { ...base, from: base.to, to: base.from }, 'from'],
    ['an empty window', { ...base, to: base.from }, 'from'],
    ['a window over 31 days', { ...base, from: '2026-11-01T10:00:00Z' }, 'to'],
  ])('refuses %s', (_what, input, field) => {
    const result = parse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join('.')).toBe(field);
  });

  it('accepts exactly 31 days', () => {
    expect(parse({ ...base, from: '2026-11-02T11:00:00Z' }).success).toBe(true);
  });
});
