import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSignals, postgresSignals, type Signals } from '../../../lib/live/signals';
import { createTestDatabase, PG_URL, type TestDatabase } from '../../helpers/postgres';

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for a signal');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('localSignals (lib/live/signals.ts)', () => {
  it('wakes the listeners of the channel written to, and only those', async () => {
    const signals = localSignals();
    const heard: string[] = [];
    signals.on('failures', () => heard.push('failures-1'));
    signals.on('failures', () => heard.push('failures-2'));
    signals.on('alerts', () => heard.push('alerts'));
    await signals.notify('failures');
    expect(heard).toEqual(['failures-1', 'failures-2']);
    await signals.close();
  });

  it('stops waking a listener once it is removed, and all of them after close', async () => {
    const signals = localSignals();
    let count = 0;
    const off = signals.on('probes', () => count++);
    await signals.notify('probes');
    off();
    await signals.notify('probes');
    expect(count).toBe(1);
    signals.on('probes', () => count++);
    await signals.close();
    await signals.notify('probes');
    expect(count).toBe(1);
  });

  it('takes many listeners without a leak warning (one per open stream)', async () => {
    const signals = localSignals();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    for (let i = 0; i < 50; i++) signals.on('fingerprints', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('warning', onWarning);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
    await signals.close();
  });
});

describe.skipIf(!PG_URL)('postgresSignals over a real PostgreSQL (AUTHSCOPE_TEST_PG_URL)', () => {
  let database: TestDatabase;
  let first: Signals;
  let second: Signals;
  const errors: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await postgresSignals(database.url, (error) => errors.push(error));
    second = await postgresSignals(database.url, (error) => errors.push(error));
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('carries a write signal from one replica to every replica, on its own channel', async () => {
    const heard: string[] = [];
    first.on('failures', () => heard.push('first:failures'));
    second.on('failures', () => heard.push('second:failures'));
    second.on('alerts', () => heard.push('second:alerts'));
    await first.notify('failures');
    await waitFor(() => heard.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.sort()).toEqual(['first:failures', 'second:failures']);
    expect(errors).toEqual([]);
  });
});
