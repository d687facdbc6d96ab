import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentMarkdown } from '../../../lib/incidents/markdown';
import { IncidentQuery, loadIncident } from '../../../lib/incidents/load';
import type { IncidentReport } from '../../../lib/incidents/report';
import type { Store } from '../../../lib/store';
import { freshDataDir, openTestStore, STAGING_MISMATCH } from '../../alerts/harness';
import { normalizedFailure } from '../../fixtures/failures/normalizedFailure';
import { KEYS, PRIMARY, sha } from '../alerts/fixtures';

const MINUTE = 60_000;

describe('loadIncident (lib/incidents/load.ts) over a real SQLite store', () => {
  let dataDir: string;
  let store: Store;
  let report: IncidentReport;
  const to = Math.floor(Date.now() / MINUTE) * MINUTE;
  const from = to - 60 * MINUTE;

  beforeAll(async () => {
    dataDir = freshDataDir();
    store = await openTestStore(dataDir);
    // backend-websocket first resolves staging-primary, then (inside the window) staging-legacy.
    const before = STAGING_MISMATCH.map((entry) => ({ ...entry, fingerprint: sha(PRIMARY) }));
    await store.fingerprints.record(before, from - 30 * MINUTE);
    await store.fingerprints.record(STAGING_MISMATCH, from + 10 * MINUTE);
    const failure = (at: number, overrides: Parameters<typeof normalizedFailure>[0] = {}) =>
      normalizedFailure({
        environment: 'staging',
        service: 'backend-websocket',
        instance: 'ws-1',
        cause: 'secret_mismatch',
        occurred_at: at,
        received_at: at,
        ...overrides,
      });
    await store.failures.insert([
      failure(from + 12 * MINUTE, { user: 'alice' }),
      failure(from + 20 * MINUTE, { user: 'bob' }),
      failure(from + 30 * MINUTE, { user: 'alice', cause: 'expired' }),
      // Outside the window, or in another environment: not part of this incident.
      failure(from - 5 * MINUTE),
      failure(to + MINUTE),
      failure(from + 15 * MINUTE, { environment: 'production' }),
    ]);
    const query = IncidentQuery.parse({
      environment: 'staging',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    report = await loadIncident(store, KEYS, query);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts only the environment’s failures inside the window', () => {
    expect(report).toMatchObject({
      environment: 'staging',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      total: 3,
      first_failure_at: new Date(from + 12 * MINUTE).toISOString(),
      last_failure_at: new Date(from + 30 * MINUTE).toISOString(),
    });
    expect(report.services).toEqual([{ service: 'backend-websocket', count: 3 }]);
    expect(report.users.map((entry) => entry.user).sort()).toEqual(['alice', 'bob']);
  });

  it('leads with the most frequent cause', () => {
    expect(report.causes.map((entry) => [entry.cause, entry.count])).toEqual([
      ['secret_mismatch', 2],
      ['expired', 1],
    ]);
    expect(report.causes[0].share).toBeCloseTo(2 / 3);
  });

  it('puts the fingerprint change in the window on the timeline, named by key', () => {
    const changes = report.changes.filter((change) => change.kind === 'changed');
    expect(changes).toEqual([
      expect.objectContaining({
        service: 'backend-websocket',
        instance: 'ws-1',
        previous_key_id: 'staging-primary',
        key_id: 'staging-legacy',
        source: 'env:JWT_SECRET_KEY',
      }),
    ]);
    expect(report.changes.every((change) => Date.parse(change.at) >= from)).toBe(true);
    expect(incidentMarkdown(report)).toContain(
      'backend-websocket/ws-1 changed staging-primary → staging-legacy from env:JWT_SECRET_KEY',
    );
  });
});
