import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_RATE_LIMITS,
  normalizeAddress,
  type RateLimit,
  type TrustedProxy,
} from '../access';
import { parseDuration } from '../config';
import { DEFAULT_ADMISSION } from '../ingest';
import { DEFAULT_RETENTION_DAYS } from '../store';

/*
 * Every environment variable the server reads, in one schema read once at start (by the runtime
 * and by scripts/check-config.ts before the server listens). docs/configuration.md documents
 * each. `env:NAME` references in the config file are not here: they name arbitrary variables and
 * are read where the reference is resolved (the raw environment travels along as `references`).
 */

/** An unset or blank variable is `undefined`; otherwise its trimmed text. */
const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** A variable parsed by `parse` (null = malformed), `fallback` when unset. */
function parsed<T>(parse: (value: string) => T | null, expected: string, fallback: T) {
  return text.transform((value, context): T => {
    if (value === undefined) return fallback;
    const result = parse(value);
    if (result !== null) return result;
    context.addIssue({
      code: 'custom',
      message: `expected ${expected}, got "${value.slice(0, 40)}"`,
    });
    return z.NEVER;
  });
}

const positiveNumber = (value: string) => (Number(value) > 0 ? Number(value) : null);
const wholeCount = (value: string) =>
  Number.isInteger(Number(value)) && Number(value) >= 1 ? Number(value) : null;
const positiveDuration = (value: string) => {
  const ms = parseDuration(value);
  return ms !== null && ms > 0 ? ms : null;
};

/** `1000/s,2000` — a rate per second or minute, and an optional burst (default: two seconds' worth). */
function rateLimit(value: string): RateLimit | null {
  const match = /^(\d+(?:\.\d+)?)\/(s|m)(?:,(\d+))?$/.exec(value);
  if (!match || Number(match[1]) <= 0) return null;
  const rate = Number(match[1]) / (match[2] === 'm' ? 60 : 1);
  return {
    rate,
    burst: match[3] ? Math.max(1, Number(match[3])) : Math.max(1, Math.ceil(rate * 2)),
  };
}
const RATE = 'a rate such as "<n>/s" or "<n>/m", optionally ",<burst>"';
const rate = (fallback: RateLimit) => parsed(rateLimit, RATE, fallback);

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

const list = text.transform((value) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const Variables = z.object({
  AUTHSCOPE_CONFIG: text,
  AUTHSCOPE_DATA_DIR: text,
  DATABASE_URL: parsed(
    (value) => (/^postgres(ql)?:\/\//i.test(value) ? value : null),
    'postgres://… (leave it unset for the embedded SQLite database)',
    null,
  ),
  HOST: text,
  PORT: text,
  AUTHSCOPE_PUBLIC_URL: parsed(
    httpUrl,
    'an absolute http(s) URL such as https://authscope.example.com',
    null,
  ),
  AUTHSCOPE_RETENTION_DAYS: parsed(
    positiveNumber,
    'a positive number of days',
    DEFAULT_RETENTION_DAYS,
  ),
  AUTHSCOPE_STALE_AFTER: parsed(
    positiveDuration,
    'a duration such as "90s" or "5m"',
    null as number | null,
  ),
  AUTHSCOPE_INGEST_MAX_PENDING: parsed(
    wholeCount,
    'a positive whole number of requests',
    DEFAULT_ADMISSION.maxRequests,
  ),
  AUTHSCOPE_RATE_INGEST: rate(DEFAULT_RATE_LIMITS.ingest),
  AUTHSCOPE_RATE_INSPECT: rate(DEFAULT_RATE_LIMITS.inspect),
  AUTHSCOPE_RATE_SIGN_IN: rate(DEFAULT_RATE_LIMITS.signIn),
  AUTHSCOPE_RATE_AUTH_FAILURES: rate(DEFAULT_RATE_LIMITS.authFailures),
  AUTHSCOPE_VIEWER_TOKENS: list,
  AUTHSCOPE_INGEST_KEYS: list,
  AUTHSCOPE_SESSION_SECRET: text,
  AUTHSCOPE_FINGERPRINT_KEY: text,
  AUTHSCOPE_METRICS_TOKEN: text,
  AUTHSCOPE_TRUST_PROXY_HEADER: text,
  AUTHSCOPE_TRUSTED_PROXIES: list,
});

/** The server's settings from its environment. */
export type Settings = ReturnType<typeof toSettings>;

/** Thrown when a variable is malformed; the message names every bad variable, one a line. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(env: NodeJS.ProcessEnv = process.env) {
  const result = Variables.safeParse(env);
  if (!result.success)
    throw new SettingsError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'),
    );
  return toSettings(result.data, env);
}

function toSettings(vars: z.infer<typeof Variables>, env: NodeJS.ProcessEnv) {
  const host = vars.HOST ?? '127.0.0.1';
  const port = vars.PORT ?? '3000';
  return {
    configFile: vars.AUTHSCOPE_CONFIG ?? null,
    dataDir: path.resolve(/*turbopackIgnore: true*/ vars.AUTHSCOPE_DATA_DIR ?? './data'),
    databaseUrl: vars.DATABASE_URL ?? undefined,
    host,
    publicUrl: vars.AUTHSCOPE_PUBLIC_URL,
    /** Where an alert's link points: the public URL, or this server. */
    dashboardUrl: vars.AUTHSCOPE_PUBLIC_URL?.toString() ?? `http://${host}:${port}`,
    retentionDays: vars.AUTHSCOPE_RETENTION_DAYS,
    /** Unset: three polling intervals (the runtime knows them). */
    staleAfterMs: vars.AUTHSCOPE_STALE_AFTER,
    admission: { ...DEFAULT_ADMISSION, maxRequests: vars.AUTHSCOPE_INGEST_MAX_PENDING },
    rateLimits: {
      ingest: vars.AUTHSCOPE_RATE_INGEST,
      inspect: vars.AUTHSCOPE_RATE_INSPECT,
      signIn: vars.AUTHSCOPE_RATE_SIGN_IN,
      authFailures: vars.AUTHSCOPE_RATE_AUTH_FAILURES,
    },
    viewerTokens: vars.AUTHSCOPE_VIEWER_TOKENS,
    ingestKeys: vars.AUTHSCOPE_INGEST_KEYS,
    sessionSecret: vars.AUTHSCOPE_SESSION_SECRET,
    fingerprintKey: vars.AUTHSCOPE_FINGERPRINT_KEY,
    metricsToken: vars.AUTHSCOPE_METRICS_TOKEN ?? null,
    trustedProxy: trustedProxyOf(vars),
    /** The raw environment, for `env:NAME` references in the config file. */
    references: env,
  };
}

function trustedProxyOf(vars: z.infer<typeof Variables>): TrustedProxy | null {
  const header = vars.AUTHSCOPE_TRUST_PROXY_HEADER?.toLowerCase();
  const addresses = vars.AUTHSCOPE_TRUSTED_PROXIES.map(normalizeAddress).filter(Boolean);
  if (!header || addresses.length === 0) return null;
  return { header, addresses: new Set(addresses) };
}
