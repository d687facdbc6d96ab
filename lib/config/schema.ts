import { z } from 'zod';
import { parseDuration } from './duration';
import { ProbeSpec } from './probes';
import { AlertRulesSpec, DEFAULT_ALERT_RULES, NotifySpec } from '../alerts/config';
import { SUPPORTED_ALGS } from '../jwt/algorithms';

export const SOURCE_PREFIXES = ['env:', 'file:', 'jwks:'] as const;
export const ENCODINGS = ['utf8', 'base64', 'base64url', 'hex'] as const;
export { SUPPORTED_ALGS, type SupportedAlg } from '../jwt/algorithms';

export type Encoding = (typeof ENCODINGS)[number];

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'use letters, digits and . _ : - (at most 64)');

const duration = z.string().refine((text) => parseDuration(text) !== null, {
  message: 'expected a duration such as "30s", "10m", "24h"',
});

const source = z
  .string()
  .refine(
    (from) =>
      SOURCE_PREFIXES.some((prefix) => from.startsWith(prefix) && from.length > prefix.length),
    {
      error: (issue) =>
        `unknown source ${JSON.stringify(issue.input)} (expected env:, file:, jwks:)`,
    },
  );

/** A reference to a secret that is not a key: ingest keys and viewer tokens (env: or file: only). */
const secretReference = z.object({
  name,
  from: z.string().regex(/^(env|file):.+/, 'expected env:NAME or file:PATH'),
  encoding: z.enum(ENCODINGS).optional(),
});

const KeySpec = z
  .strictObject({
    id: name,
    environment: name,
    from: source.optional(),
    jwk: z.record(z.string(), z.unknown()).optional(),
    alg: z.enum(SUPPORTED_ALGS).optional(),
    encoding: z.enum(ENCODINGS).optional(),
    refresh: duration.optional(),
    /** Lets probes mint short-lived tokens with this key (lib/probes): a deliberate, explicit choice. */
    probe: z.boolean().optional(),
  })
  .superRefine((key, ctx) => {
    if ((key.from === undefined) === (key.jwk === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'give exactly one of "from" or "jwk"',
      });
    }
    if (key.jwk && ('d' in key.jwk || key.jwk.kty === 'oct' || 'k' in key.jwk)) {
      // Secrets are referenced, never written in the config (docs/configuration.md).
      ctx.addIssue({
        code: 'custom',
        path: ['jwk'],
        message:
          'an inline jwk must be a public key; reference secrets and private keys with env: or file:',
      });
    }
    if (key.encoding && !key.from?.match(/^(env|file):/)) {
      ctx.addIssue({
        code: 'custom',
        path: ['encoding'],
        message: '"encoding" applies to env: and file: sources only',
      });
    }
    if (key.probe && !key.from?.match(/^(env|file):/)) {
      // Only a secret or private key can sign; a JWKS or inline jwk is public material.
      ctx.addIssue({
        code: 'custom',
        path: ['probe'],
        message: '"probe" applies to a secret or private key read from env: or file: only',
      });
    }
  });

const Target = z.strictObject({
  environment: name,
  service: name.optional(),
  url: z.url({ protocol: /^https?$/ }),
  every: duration.optional(),
  timeout: duration.optional(),
});

export const ConfigFile = z
  .strictObject({
    $schema: z.string().optional(),
    environments: z.array(name).min(1).default(['development', 'staging', 'production']),
    keys: z.array(KeySpec).default([]),
    targets: z.array(Target).default([]),
    ingestKeys: z
      .array(secretReference.extend({ environments: z.array(name).min(1).optional() }))
      .default([]),
    viewers: z.array(secretReference).default([]),
    probes: z.array(ProbeSpec).default([]),
    policy: z
      .strictObject({
        clockSkew: duration.default('60s'),
        maxLifetime: duration.default('24h'),
      })
      .default({ clockSkew: '60s', maxLifetime: '24h' }),
    notify: z.array(NotifySpec).default([]),
    alerts: AlertRulesSpec.default(DEFAULT_ALERT_RULES),
  })
  .superRefine((config, ctx) => {
    const known = new Set(config.environments);
    const seen = new Set<string>();
    config.keys.forEach((key, index) => {
      if (seen.has(key.id))
        ctx.addIssue({
          code: 'custom',
          path: ['keys', index, 'id'],
          message: `duplicate key id "${key.id}"`,
        });
      seen.add(key.id);
      if (!known.has(key.environment)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', index, 'environment'],
          message: `unknown environment "${key.environment}" (not in "environments")`,
        });
      }
    });
    config.targets.forEach((target, index) => {
      if (!known.has(target.environment)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'environment'],
          message: `unknown environment "${target.environment}" (not in "environments")`,
        });
      }
    });
    checkProbes(config, known, ctx);
  });

function checkProbes(
  config: { keys: Array<{ id: string; probe?: boolean }>; probes: ProbeSpec[] },
  known: Set<string>,
  ctx: z.RefinementCtx,
) {
  const names = new Set<string>();
  config.probes.forEach((probe, index) => {
    if (!known.has(probe.environment))
      ctx.addIssue({
        code: 'custom',
        path: ['probes', index, 'environment'],
        message: `unknown environment "${probe.environment}" (not in "environments")`,
      });
    const id = `${probe.environment}/${probe.name}`;
    if (names.has(id))
      ctx.addIssue({
        code: 'custom',
        path: ['probes', index, 'name'],
        message: `duplicate probe "${probe.name}" in ${probe.environment}`,
      });
    names.add(id);
    if (!('mint' in probe.token)) return;
    const keyId = probe.token.mint.key;
    const key = config.keys.find((candidate) => candidate.id === keyId);
    if (!key)
      ctx.addIssue({
        code: 'custom',
        path: ['probes', index, 'token', 'mint', 'key'],
        message: `unknown key "${keyId}" (not in "keys")`,
      });
    else if (!key.probe)
      ctx.addIssue({
        code: 'custom',
        path: ['probes', index, 'token', 'mint', 'key'],
        message: `key "${keyId}" is not marked "probe": true`,
      });
  });
}

export type ConfigFile = z.infer<typeof ConfigFile>;
export type KeySpec = ConfigFile['keys'][number];
export type TargetSpec = ConfigFile['targets'][number];
export type { ProbeSpec } from './probes';
