import type { ReporterOptions } from './options';
import { fingerprintSecret, type ResolvedSecret } from './resolve';

/**
 * What a fingerprint report says about a resolved secret: its fingerprint (never the secret),
 * where it came from and the chain that got there, and any public-key shapes. The reporter only
 * delivers it.
 */
export function fingerprintReportOf(
  options: ReporterOptions,
  resolved: ResolvedSecret,
  now: number,
): Record<string, unknown> {
  return {
    environment: options.environment,
    service: options.service,
    instance: options.instance,
    purpose: options.purpose ?? 'access-token',
    algorithm: options.algorithm ?? 'HS256',
    fingerprint: fingerprintSecret(resolved.secret, options.pepper),
    source: resolved.source,
    ...(resolved.version ? { version: resolved.version } : {}),
    length: Buffer.byteLength(resolved.secret),
    resolution: resolved.resolution,
    reported_at: new Date(now).toISOString(),
    ...resolved.publicKeys,
  };
}
