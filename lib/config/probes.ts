import { z } from 'zod';
import { parseDuration } from './duration';

/** The placeholder a subprotocol format or query value is written with. */
export const TOKEN_PLACEHOLDER = '<token>';
export const WEBSOCKET_WAYS = ['authorization', 'subprotocol', 'query'] as const;
export type WebsocketWay = (typeof WEBSOCKET_WAYS)[number];

const MAX_MINT_LIFETIME_MS = 5 * 60_000;

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'use letters, digits and . _ : - (at most 64)');
const durationWithin = (minMs: number, maxMs: number, hint: string) =>
  z.string().refine(
    (text) => {
      const ms = parseDuration(text);
      return ms !== null && ms >= minMs && ms <= maxMs;
    },
    { message: hint },
  );

// A credential is read when the probe runs; the config holds only where it is.
const CREDENTIAL_NAME =
  /^(authorization|cookie|proxy-authorization|x-api-key|password|passwd|secret|client_?secret|api_?key|token|access_?token|refresh_?token|otp|pin)$/i;

function referencesOnly(record: Record<string, unknown>, ctx: z.RefinementCtx, path: string) {
  for (const [key, value] of Object.entries(record)) {
    if (CREDENTIAL_NAME.test(key) && !(typeof value === 'string' && /^(env|file):.+/.test(value))) {
      ctx.addIssue({
        code: 'custom',
        path: [path, key],
        message: `"${key}" is a credential: write a reference (env:NAME or file:PATH), never the value`,
      });
    }
  }
}

const LoginSource = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    /** Header values: literals, or env:/file: references (credential headers must be references). */
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name'), z.string().max(1024))
      .default({}),
    /** A flat JSON body: literal values, or env:/file: references (credential fields must be references). */
    body: z
      .record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean()]))
      .optional(),
    /** Where the token is in the JSON answer: "access_token", "data.token" ($. optional). */
    tokenPath: z
      .string()
      .regex(
        /^(\$\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
        'a dotted JSON path such as "access_token" or "data.token"',
      )
      .optional(),
    /** Or the name of the cookie that carries it. */
    cookie: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a cookie name')
      .optional(),
  })
  .superRefine((login, ctx) => {
    referencesOnly(login.headers, ctx, 'headers');
    if (login.body) referencesOnly(login.body, ctx, 'body');
    if (login.tokenPath && login.cookie)
      ctx.addIssue({
        code: 'custom',
        path: ['cookie'],
        message: 'give "tokenPath" or "cookie", not both',
      });
  });

const MintSource = z.strictObject({
  /** A keyring key id whose entry says `probe: true`. */
  key: name,
  sub: z.string().min(1).max(256).default('authscope-probe'),
  claims: z.record(z.string().max(64), z.unknown()).default({}),
  lifetime: durationWithin(
    1_000,
    MAX_MINT_LIFETIME_MS,
    'a duration from 1s to 5m: a probe token is short-lived',
  ).default('2m'),
});

const HttpTarget = z.strictObject({
  type: z.literal('http'),
  name: name.optional(),
  service: name.optional(),
  /** The one instance behind this URL, when it is one: triage then compares with its own key. */
  instance: name.optional(),
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['GET', 'HEAD', 'POST', 'OPTIONS']).default('GET'),
  /** Statuses that mean "the token was accepted"; default any 2xx. */
  expect: z.array(z.number().int().min(100).max(599)).min(1).max(20).optional(),
});

const subprotocolFormat = z
  .union([z.string().max(200), z.array(z.string().max(200)).min(1).max(4)])
  .refine(
    (format) => [format].flat().filter((part) => part.includes(TOKEN_PLACEHOLDER)).length === 1,
    {
      message: `exactly one part holds "${TOKEN_PLACEHOLDER}", e.g. "jwt.<token>" or ["jwt", "<token>"]`,
    },
  );

const WebsocketTarget = z.strictObject({
  type: z.literal('websocket'),
  name: name.optional(),
  service: name.optional(),
  instance: name.optional(),
  url: z.url({ protocol: /^wss?$/ }),
  ways: z
    .array(z.enum(WEBSOCKET_WAYS))
    .min(1)
    .max(3)
    .default([...WEBSOCKET_WAYS]),
  subprotocol: subprotocolFormat.default(['bearer', TOKEN_PLACEHOLDER]),
  query: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a query parameter name')
    .default('token'),
  /** How long an opened socket is watched for the server closing it (code and reason). */
  closeWait: durationWithin(0, 30_000, 'a duration up to 30s').default('1s'),
});

export const ProbeSpec = z
  .strictObject({
    name,
    environment: name,
    token: z.union([z.strictObject({ login: LoginSource }), z.strictObject({ mint: MintSource })]),
    targets: z
      .array(z.discriminatedUnion('type', [HttpTarget, WebsocketTarget]))
      .min(1)
      .max(20),
    interval: durationWithin(1_000, 86_400_000, 'a duration from 1s to 24h').default('30s'),
    timeout: durationWithin(100, 60_000, 'a duration from 100ms to 60s').default('5s'),
  })
  .superRefine((probe, ctx) => {
    const seen = new Set<string>();
    probe.targets.forEach((target, index) => {
      const label = targetName(target, index);
      if (seen.has(label))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'name'],
          message: `duplicate target name "${label}"`,
        });
      seen.add(label);
    });
  });

export type ProbeSpec = z.infer<typeof ProbeSpec>;
export type ProbeTargetSpec = ProbeSpec['targets'][number];
export type HttpTargetSpec = Extract<ProbeTargetSpec, { type: 'http' }>;
export type WebsocketTargetSpec = Extract<ProbeTargetSpec, { type: 'websocket' }>;
export type LoginSpec = z.infer<typeof LoginSource>;
export type MintSpec = z.infer<typeof MintSource>;

/** A target's name in results: its own, else its service, else its type and position. */
export function targetName(
  target: { name?: string; service?: string; type: string },
  index: number,
): string {
  return target.name ?? target.service ?? `${target.type}-${index + 1}`;
}
