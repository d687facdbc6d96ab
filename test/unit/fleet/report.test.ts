import { describe, expect, it } from 'vitest';
import { parseFingerprintInput } from '../../../lib/fleet';
import { specFixture } from '../../helpers/fixtures';

const DRIFTED = specFixture('fingerprint-report-drifted.json');

describe('parseFingerprintInput', () => {
  it('reads the drifted WebSocket report of the incident, with its resolution chain', () => {
    const parsed = parseFingerprintInput(DRIFTED);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.reports).toHaveLength(1);
    expect(parsed.reports[0]).toMatchObject({
      service: 'backend-websocket',
      fingerprint: 'sha256/16:e275dfc423d43d3e',
      source: 'env:JWT_SECRET_KEY',
    });
    expect(parsed.reports[0].resolution!.map((step) => step.present)).toEqual([false, true, true]);
  });

  it('defaults the purpose to access-token and keeps a numeric version as text', () => {
    const parsed = parseFingerprintInput({ ...DRIFTED, purpose: undefined, version: 5 });
    expect(parsed.ok && parsed.reports[0]).toMatchObject({ purpose: 'access-token', version: '5' });
  });

  it('accepts a batch and a bare list (what a polled target may answer)', () => {
    const batch = parseFingerprintInput({ reports: [DRIFTED, { ...DRIFTED, instance: 'ws-2' }] });
    const list = parseFingerprintInput([DRIFTED, { ...DRIFTED, instance: 'ws-2' }]);
    expect(batch.ok && batch.reports.map((report) => report.instance)).toEqual(['ws-7f9c', 'ws-2']);
    expect(list.ok && list.reports.map((report) => report.instance)).toEqual(['ws-7f9c', 'ws-2']);
  });

  it.each([
    [
      'a fingerprint in no known scheme',
      { ...DRIFTED, fingerprint: 'e275dfc423d43d3e' },
      'fingerprint',
    ],
    ['a missing service', { ...DRIFTED, service: undefined }, 'service'],
    [
      'a chain step with a bad fingerprint',
      { ...DRIFTED, resolution: [{ source: 'env:X', present: true, fingerprint: 'md5:abc' }] },
      'resolution[0].fingerprint',
    ],
    [
      'a wrongly typed present flag',
      { ...DRIFTED, resolution: [{ source: 'env:X', present: 'yes' }] },
      'resolution[0].present',
    ],
    [
      'a bad report inside a batch',
      { reports: [DRIFTED, { ...DRIFTED, instance: 7 }] },
      'reports[1].instance',
    ],
    ['an empty batch', { reports: [] }, 'reports'],
  ])('rejects %s, naming the path', (_label, input, expectedPath) => {
    const parsed = parseFingerprintInput(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((issue) => issue.path)).toContain(expectedPath);
  });
});
