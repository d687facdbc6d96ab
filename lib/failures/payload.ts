import { z } from 'zod';
import { formatPath } from '../config';
import { reportedTime } from '../time/range';

// Every object is loose: services send what they already produce, and unknown fields are kept
// (in the stored raw JSON). Only the fields authscope reads are typed.
const text = z.string().max(64 * 1024);
const optionalText = text.nullish();
const optionalFlag = z.boolean().nullish();
const count = z.number().int().min(0).max(1_000_000_000).nullish();

const TokenCharacteristics = z.looseObject({
  length: count,
  prefix: optionalText,
  suffix: optionalText,
  dot_count: count,
  has_bearer_prefix: optionalFlag,
});

const AuthHeaders = z.looseObject({
  authorization_present: optionalFlag,
  authorization_preview: optionalText,
  websocket_protocol: optionalText,
});

const FailureContext = z.looseObject({
  auth_headers: AuthHeaders.nullish(),
  token_characteristics: TokenCharacteristics.nullish(),
  context: optionalText,
  method: optionalText,
});

const Details = z.looseObject({
  environment: optionalText,
  service: optionalText,
  user: optionalText,
  failure_context: FailureContext.nullish(),
});

/** The failure payload (its sample: test/fixtures/spec): the shape services produce (see the fixture). */
export const FailurePayload = z.looseObject({
  type: optionalText,
  error_code: optionalText,
  error_message: optionalText,
  details: Details.nullish(),
});

const envelopeFields = {
  event_id: z.string().min(1).max(200).nullish(),
  service: optionalText,
  instance: optionalText,
  environment: optionalText,
  occurred_at: reportedTime.nullish(),
  user: optionalText,
  close_code: z.number().int().min(0).max(65535).nullish(),
  token: optionalText,
};

/**
 * One event: a bare payload, or an envelope adding what the payload lacks (its payload under
 * `payload`). An envelope's own fields win over the payload's.
 */
export const FailureEvent = z.looseObject({
  ...envelopeFields,
  ...FailurePayload.shape,
  payload: FailurePayload.nullish(),
});

export type FailureEvent = z.infer<typeof FailureEvent>;
export type FailurePayload = z.infer<typeof FailurePayload>;

export const MAX_EVENTS_PER_REQUEST = 1000;

const Batch = z.object({ events: z.array(FailureEvent).min(1).max(MAX_EVENTS_PER_REQUEST) });

export interface InputIssue {
  path: string;
  message: string;
}

export type ParsedFailures =
  { ok: true; events: FailureEvent[] } | { ok: false; issues: InputIssue[] };

/** One payload, one envelope, or `{events: […]}`; never throws, whatever the input. */
export function parseFailureInput(input: unknown): ParsedFailures {
  const isBatch =
    typeof input === 'object' && input !== null && !Array.isArray(input) && 'events' in input;
  const result = isBatch
    ? Batch.transform((batch) => batch.events).safeParse(input)
    : FailureEvent.transform((event) => [event]).safeParse(input);
  if (result.success) return { ok: true, events: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}

/** The environment an event is for: the envelope's, else `details.environment`. */
export function eventEnvironment(event: FailureEvent): string | null {
  return (
    event.environment ?? event.payload?.details?.environment ?? event.details?.environment ?? null
  );
}

/**
 * An event's payload fields: an envelope's `payload` with the envelope's own `type`,
 * `error_code`, `error_message` and `details` winning over it; a bare payload is itself.
 */
export function payloadOf(event: FailureEvent): FailurePayload {
  if (!event.payload) return event;
  return {
    ...event.payload,
    type: event.type ?? event.payload.type,
    error_code: event.error_code ?? event.payload.error_code,
    error_message: event.error_message ?? event.payload.error_message,
    details: event.details ?? event.payload.details,
  };
}
