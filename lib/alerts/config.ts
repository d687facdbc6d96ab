import { z } from 'zod';
import { parseDuration } from '../config/duration';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'use letters, digits and . _ : - (at most 64)');
const duration = z.string().refine((text) => parseDuration(text) !== null, {
  message: 'expected a duration such as "30s", "10m", "24h"',
});
// URLs of webhooks carry their credential in the path: they come from the environment only.
const fromEnv = z
  .string()
  .regex(
    /^env:[A-Za-z_][A-Za-z0-9_]*$/,
    'expected env:NAME (webhook URLs and secrets are never written in the config)',
  );

/** One place notifications go (config `notify`). */
export const NotifySpec = z
  .strictObject({
    name,
    kind: z.enum(['alertmanager', 'slack', 'webhook']),
    url: fromEnv,
    /** The HMAC key of a generic webhook. */
    secret: fromEnv.optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.kind === 'webhook' && !spec.secret)
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'a webhook needs "secret": env:NAME (the HMAC-SHA256 key)',
      });
    if (spec.kind !== 'webhook' && spec.secret)
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: '"secret" applies to kind "webhook" only',
      });
  });

/** Thresholds of the built-in alerts (config `alerts`). */
export const AlertRulesSpec = z.strictObject({
  /** How long an environment must be inconsistent before fleet_mismatch fires. */
  for: duration.default('60s'),
  failureSpike: z
    .strictObject({
      threshold: z.number().int().min(1).default(50),
      window: duration.default('5m'),
    })
    .default({ threshold: 50, window: '5m' }),
  probeFailing: z.strictObject({ runs: z.number().int().min(1).default(3) }).default({ runs: 3 }),
  /** How long a key rotation may take to reach every instance before rotation_incomplete fires. */
  rotationIncomplete: z.strictObject({ after: duration.default('10m') }).default({ after: '10m' }),
  /** Alertmanager forgets an alert it is not re-sent; re-send each firing alert this often. */
  resendEvery: duration.default('60s'),
  evaluateEvery: duration.default('5s'),
});

export type NotifySpec = z.infer<typeof NotifySpec>;
export type AlertRulesSpec = z.infer<typeof AlertRulesSpec>;

export const DEFAULT_ALERT_RULES: AlertRulesSpec = AlertRulesSpec.parse({});

/** The rules in milliseconds, as the evaluator uses them. */
export interface AlertThresholds {
  forMs: number;
  spikeThreshold: number;
  spikeWindowMs: number;
  probeRuns: number;
  rotationIncompleteMs: number;
  resendMs: number;
  evaluateMs: number;
}

export function thresholdsFrom(rules: AlertRulesSpec): AlertThresholds {
  return {
    forMs: parseDuration(rules.for)!,
    spikeThreshold: rules.failureSpike.threshold,
    spikeWindowMs: parseDuration(rules.failureSpike.window)!,
    probeRuns: rules.probeFailing.runs,
    rotationIncompleteMs: parseDuration(rules.rotationIncomplete.after)!,
    resendMs: parseDuration(rules.resendEvery)!,
    evaluateMs: parseDuration(rules.evaluateEvery)!,
  };
}
