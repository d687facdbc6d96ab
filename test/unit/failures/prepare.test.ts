import { describe, expect, it, vi } from 'vitest';
import { prepareFailures, type PrepareOptions } from '../../../lib/failures';
import { signedToken, TEST_REDACTION_KEY } from '../../fixtures/failures/tokens';
import { specFixture } from '../../helpers/fixtures';

const SAMPLE = specFixture('failure-websocket-validation.json');
const WITHOUT_ENVIRONMENT = {
  error_code: 'VALIDATION_FAILED',
  details: { failure_context: { context: 'websocket' } },
};

function options(mayWrite: (environment: string) => boolean = () => true) {
  const signerOf = vi.fn(async () => 'staging-primary');
  const prepared: PrepareOptions = {
    environments: ['development', 'staging', 'production'],
    mayWrite,
    receivedAt: Date.now(),
    redactionKey: TEST_REDACTION_KEY,
    signerOf,
  };
  return { prepared, signerOf };
}

describe('prepareFailures', () => {
  it('normalizes every event of a batch, in order', async () => {
    const { prepared } = options();
    const result = await prepareFailures(
      { events: [SAMPLE, { ...SAMPLE, error_code: 'TOKEN_EXPIRED' }] },
      prepared,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.failures.map((failure) => failure.error_code)).toEqual([
      'VALIDATION_FAILED',
      'TOKEN_EXPIRED',
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'the envelope environment over details.environment',
      { environment: 'production', payload: SAMPLE },
      'production',
    ],
    ['details.environment of a bare payload', SAMPLE, 'staging'],
    [
      'details.environment of an envelope payload',
      { service: 'backend-rest', payload: SAMPLE },
      'staging',
    ],
  ])('uses %s', async (_name, input, environment) => {
    const result = await prepareFailures(input, options().prepared);
    expect(result.ok && result.failures[0].environment).toBe(environment);
  });

  it('rejects a whole batch for one event without an environment, before analysing any token', async () => {
    const { prepared, signerOf } = options();
    const token = await signedToken();
    const result = await prepareFailures(
      { events: [{ environment: 'staging', token, payload: SAMPLE }, WITHOUT_ENVIRONMENT, SAMPLE] },
      prepared,
    );
    expect(result).toEqual({
      ok: false,
      code: 'validation_failed',
      message: expect.any(String),
      issues: [
        { path: 'events[1].environment', message: expect.stringContaining('no environment') },
      ],
    });
    expect(signerOf).not.toHaveBeenCalled();
  });

  it('names an unknown environment and the configured ones', async () => {
    const result = await prepareFailures(
      { ...SAMPLE, details: { ...(SAMPLE.details as object), environment: 'qa' } },
      options().prepared,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'validation_failed',
      issues: [
        {
          path: 'environment',
          message: expect.stringMatching(/unknown environment "qa".*staging/),
        },
      ],
    });
  });

  it('prefixes paths with the event index in a batch of one too', async () => {
    const result = await prepareFailures({ events: [WITHOUT_ENVIRONMENT] }, options().prepared);
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'events[0].environment' }] });
  });

  it('reports wrong types by JSON path before looking at environments', async () => {
    const result = await prepareFailures(
      { events: [SAMPLE, { ...WITHOUT_ENVIRONMENT, close_code: 'x' }] },
      options().prepared,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'validation_failed',
      issues: [{ path: 'events[1].close_code' }],
    });
  });

  it('answers 403 naming the environment an ingest key may not write', async () => {
    const { prepared, signerOf } = options((environment) => environment === 'staging');
    const result = await prepareFailures(
      { events: [SAMPLE, { environment: 'production', payload: SAMPLE }] },
      prepared,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('"production"'),
    });
    expect(signerOf).not.toHaveBeenCalled();
  });

  it('answers 400 rather than 403 when a batch has both problems', async () => {
    const result = await prepareFailures(
      { events: [{ environment: 'production', payload: SAMPLE }, WITHOUT_ENVIRONMENT] },
      options(() => false).prepared,
    );
    expect(result).toMatchObject({ ok: false, code: 'validation_failed' });
  });
});
