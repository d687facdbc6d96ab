import { describe, expect, it } from 'vitest';
import { INGEST_PATHS } from '../../../lib/access/policy';
import { ingestRejections, recordIngestRejection } from '../../../lib/metrics/ingestRejections';

const count = (endpoint: string, reason: string) =>
  ingestRejections().find((row) => row.endpoint === endpoint && row.reason === reason)?.count ?? 0;

describe('recordIngestRejection (lib/metrics/ingestRejections.ts)', () => {
  it('knows the two ingest endpoints from the route policy', () => {
    expect([...INGEST_PATHS].sort()).toEqual(['/api/v1/failures', '/api/v1/fingerprints']);
  });

  it.each([
    ['a path', '/api/v1/failures', 'failures'],
    ['an absolute URL', 'http://127.0.0.1:3000/api/v1/fingerprints?x=1', 'fingerprints'],
  ])('counts a refused POST given %s, by the endpoint’s last segment', (_what, where, endpoint) => {
    const before = count(endpoint, 'rate_limited');
    recordIngestRejection('POST', where, 'rate_limited');
    recordIngestRejection('POST', where, 'rate_limited');
    expect(count(endpoint, 'rate_limited')).toBe(before + 2);
  });

  it('keeps reasons apart', () => {
    const unauthorized = count('failures', 'unauthorized');
    const tooLarge = count('failures', 'payload_too_large');
    recordIngestRejection('POST', '/api/v1/failures', 'unauthorized');
    expect(count('failures', 'unauthorized')).toBe(unauthorized + 1);
    expect(count('failures', 'payload_too_large')).toBe(tooLarge);
  });

  it.each([
    ['a GET of an ingest path', 'GET', '/api/v1/failures'],
    ['a POST to a viewer route', 'POST', '/api/v1/inspect'],
    ['a sub-path', 'POST', '/api/v1/failures/123'],
    ['a trailing slash', 'POST', '/api/v1/failures/'],
    ['an unparsable URL', 'POST', 'not a url'],
    ['a lower-case method', 'post', '/api/v1/failures'],
  ])('ignores %s (the series stay bounded)', (_what, method, where) => {
    const before = JSON.stringify(ingestRejections());
    recordIngestRejection(method, where, 'validation_failed');
    expect(JSON.stringify(ingestRejections())).toBe(before);
  });

  it('never throws', () => {
    expect(() => recordIngestRejection('POST', '', 'internal')).not.toThrow();
    expect(() => recordIngestRejection('POST', 'http://[::1', 'internal')).not.toThrow();
  });
});
