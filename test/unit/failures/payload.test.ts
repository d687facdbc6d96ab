import { describe, expect, it } from 'vitest';
import {
  eventEnvironment,
  MAX_EVENTS_PER_REQUEST,
  parseFailureInput,
  type FailureEvent,
} from '../../../lib/failures';
import { specFixture } from '../../helpers/fixtures';

const SAMPLE = specFixture('failure-websocket-validation.json');

const ENVELOPE = {
  service: 'backend-websocket',
  instance: 'ws-7f9c',
  environment: 'staging',
  occurred_at: '2026-11-22T10:00:00Z',
  user: 'staging-e2e-user-002',
  close_code: 1008,
  payload: SAMPLE,
};

function parsedEvents(input: unknown): FailureEvent[] {
  const parsed = parseFailureInput(input);
  if (!parsed.ok) throw new Error(`expected the input to parse: ${JSON.stringify(parsed.issues)}`);
  return parsed.events;
}

function issuePaths(input: unknown): string[] {
  const parsed = parseFailureInput(input);
  if (parsed.ok) throw new Error('expected the input to be refused');
  return parsed.issues.map((issue) => issue.path);
}

/** The sample with one value replaced at a dotted path. */
function withValue(path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(SAMPLE) as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

describe('parseFailureInput', () => {
  it('accepts the spec sample as it is, its unknown fields included', () => {
    const events = parsedEvents(SAMPLE);
    expect(events).toEqual([SAMPLE]);
    expect((events[0].details as Record<string, unknown>).ssot_authentication).toBe(true);
  });

  it('accepts an envelope around the sample', () => {
    const [event] = parsedEvents(ENVELOPE);
    expect(event).toEqual(ENVELOPE);
    expect(event.payload).toEqual(SAMPLE);
  });

  it('keeps unknown fields of an envelope and of nested objects', () => {
    const input = {
      ...ENVELOPE,
      region: 'eu-west-1',
      payload: { ...SAMPLE, extra: { deep: [1, { deeper: 'kept' }] } },
    };
    expect(parsedEvents(input)).toEqual([input]);
  });

  it('accepts a batch mixing bare payloads and envelopes, in order', () => {
    const events = parsedEvents({
      events: [SAMPLE, ENVELOPE, { ...SAMPLE, error_code: 'TOKEN_EXPIRED' }],
    });
    expect(events.map((event) => event.error_code ?? event.payload?.error_code)).toEqual([
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'TOKEN_EXPIRED',
    ]);
  });

  it('accepts a payload with every optional field missing', () => {
    expect(parsedEvents({})).toEqual([{}]);
    expect(parsedEvents({ details: { failure_context: null }, error_code: null })).toHaveLength(1);
  });

  it(`accepts ${MAX_EVENTS_PER_REQUEST} events and refuses one more, naming "events"`, () => {
    expect(
      parsedEvents({ events: Array.from({ length: MAX_EVENTS_PER_REQUEST }, () => SAMPLE) }),
    ).toHaveLength(MAX_EVENTS_PER_REQUEST);
    expect(
      issuePaths({ events: Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, () => SAMPLE) }),
    ).toEqual(['events']);
  });

  it('refuses an empty batch', () => {
    expect(issuePaths({ events: [] })).toEqual(['events']);
  });

  it.each<[string, unknown, string]>([
    [
      'a string token length in the second event of a batch',
      {
        events: [SAMPLE, withValue('details.failure_context.token_characteristics.length', '373')],
      },
      'events[1].details.failure_context.token_characteristics.length',
    ],
    [
      'a negative dot count',
      withValue('details.failure_context.token_characteristics.dot_count', -1),
      'details.failure_context.token_characteristics.dot_count',
    ],
    [
      'a fractional token length',
      withValue('details.failure_context.token_characteristics.length', 37.5),
      'details.failure_context.token_characteristics.length',
    ],
    [
      'a string flag',
      withValue('details.failure_context.auth_headers.authorization_present', 'yes'),
      'details.failure_context.auth_headers.authorization_present',
    ],
    ['a number as error_code', withValue('error_code', 42), 'error_code'],
    ['details that are a string', withValue('details', 'staging'), 'details'],
    ['a string close_code in an envelope', { ...ENVELOPE, close_code: '1008' }, 'close_code'],
    ['a close_code out of range', { ...ENVELOPE, close_code: 70_000 }, 'close_code'],
    [
      'an occurred_at that is not ISO 8601',
      { ...ENVELOPE, occurred_at: 'yesterday' },
      'occurred_at',
    ],
    ['a payload that is an array', { ...ENVELOPE, payload: [SAMPLE] }, 'payload'],
    [
      'a wrong type inside an envelope payload',
      { ...ENVELOPE, payload: withValue('details.failure_context.context', 7) },
      'payload.details.failure_context.context',
    ],
    ['an empty event_id', { ...ENVELOPE, event_id: '' }, 'event_id'],
    ['events that are not a list', { events: 'all' }, 'events'],
    ['a batch entry that is not an object', { events: [SAMPLE, 7] }, 'events[1]'],
  ])('refuses %s, naming its JSON path', (_name, input, path) => {
    expect(issuePaths(input)).toEqual([path]);
  });

  it('names every wrong field, not only the first', () => {
    const input = {
      events: [
        withValue('error_code', 1),
        SAMPLE,
        { ...ENVELOPE, close_code: 'x', occurred_at: 'never' },
      ],
    };
    expect(issuePaths(input).sort()).toEqual([
      'events[0].error_code',
      'events[2].close_code',
      'events[2].occurred_at',
    ]);
  });

  it.each([null, 'a string', 42, true, [], [SAMPLE]])('refuses %j without throwing', (input) => {
    const parsed = parseFailureInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.length).toBeGreaterThan(0);
  });
});

describe('eventEnvironment', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['the sample: details.environment', SAMPLE, 'staging'],
    [
      'an envelope: its own environment wins',
      { ...ENVELOPE, environment: 'production' },
      'production',
    ],
    [
      'an envelope without one: its payload details',
      { ...ENVELOPE, environment: undefined },
      'staging',
    ],
    ['neither', { error_code: 'X' }, null],
  ])('reads %s', (_name, input, expected) => {
    expect(eventEnvironment(parsedEvents(input)[0])).toBe(expected);
  });
});
