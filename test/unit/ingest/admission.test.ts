import { describe, expect, it } from 'vitest';
import { IngestAdmission } from '../../../lib/ingest';
import { readSettings } from '../../../lib/runtime/settings';

const admitted = (result: ReturnType<IngestAdmission['admit']>) =>
  result.admitted ? result : null;

describe('IngestAdmission', () => {
  it('admits up to the bound, then refuses with a Retry-After, and admits again once released', () => {
    const admission = new IngestAdmission({ maxRequests: 3, maxBytes: 1_000_000 });
    const slots = [
      admission.admit('a', 10),
      admission.admit('a', 10),
      admission.admit('a', 10),
    ].map(admitted);
    expect(slots.every(Boolean)).toBe(true);
    expect(admission.admit('a', 10)).toEqual({
      admitted: false,
      reason: 'overloaded',
      retryAfterSeconds: 1,
    });
    slots[0]!.release();
    expect(admission.admit('a', 10).admitted).toBe(true);
  });

  it('bounds the bytes held, not only the requests', () => {
    const admission = new IngestAdmission({ maxRequests: 100, maxBytes: 1_000 });
    expect(admission.admit('a', 900).admitted).toBe(true);
    expect(admission.admit('b', 200)).toMatchObject({ admitted: false, reason: 'overloaded' });
  });

  it('gives a key alone the whole backlog, and another key its share while the first floods', () => {
    const admission = new IngestAdmission({ maxRequests: 32, maxBytes: 1_000_000 });
    const flood = Array.from({ length: 20 }, () => admission.admit('noisy', 1)).map(admitted);
    expect(flood.every(Boolean)).toBe(true);
    // Two keys now: each may hold 16, so the noisy one is refused and the quiet one is not.
    expect(admission.admit('quiet', 1).admitted).toBe(true);
    expect(admission.admit('noisy', 1)).toMatchObject({ admitted: false, reason: 'key_share' });
    expect(admission.admit('quiet', 1).admitted).toBe(true);
  });

  it('counts a slot released twice once', () => {
    const admission = new IngestAdmission({ maxRequests: 1, maxBytes: 100 });
    const slot = admitted(admission.admit('a', 10))!;
    slot.release();
    slot.release();
    expect(admission.pending()).toEqual({ requests: 0, bytes: 0 });
  });

  it.each(['0', '-3', '1.5', 'lots'])(
    'refuses AUTHSCOPE_INGEST_MAX_PENDING=%s with a clear message',
    (value) => {
      expect(() =>
        readSettings({
          AUTHSCOPE_INGEST_MAX_PENDING: value,
        } as unknown as NodeJS.ProcessEnv),
      ).toThrow(/AUTHSCOPE_INGEST_MAX_PENDING: expected a positive whole number/);
    },
  );
});
