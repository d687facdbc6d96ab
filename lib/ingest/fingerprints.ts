import { canWriteEnvironment, type IngestPrincipal } from '../access';
import { parseFingerprintInput } from '../fleet';
import { ApiError } from '../http/errors';
import type { Runtime } from '../runtime/runtime';
import { issueSummary } from './failures';

/** `POST /api/v1/fingerprints`: one report or {reports:[…]}, recorded in one transaction, 202 after the commit. */
export async function ingestFingerprints(
  runtime: Runtime,
  principal: IngestPrincipal,
  body: unknown,
): Promise<{ accepted: number; changes: number }> {
  const { config, store } = runtime;
  const parsed = parseFingerprintInput(body);
  if (!parsed.ok)
    throw new ApiError(
      'validation_failed',
      issueSummary('The fingerprint report is invalid.', parsed.issues),
      parsed.issues,
    );
  const unknown = [
    ...new Set(
      parsed.reports
        .map((report) => report.environment)
        .filter((name) => !config.environments.includes(name)),
    ),
  ];
  if (unknown.length > 0) {
    throw new ApiError(
      'validation_failed',
      `Unknown environment ${unknown.map((name) => `"${name}"`).join(', ')} (configured: ${config.environments.join(', ')}).`,
      [{ path: 'environment', message: 'unknown environment' }],
    );
  }
  const forbidden = [
    ...new Set(
      parsed.reports
        .map((report) => report.environment)
        .filter((name) => !canWriteEnvironment(principal, name)),
    ),
  ];
  if (forbidden.length > 0)
    throw new ApiError(
      'forbidden',
      `This ingest key may not write to ${forbidden.map((name) => `"${name}"`).join(', ')}.`,
    );
  const changes = await store.fingerprints.record(parsed.reports, Date.now());
  const trustChanges = await store.trust.record(parsed.reports, Date.now());
  if (changes.length + trustChanges > 0) await store.signals.notify('fingerprints');
  return { accepted: parsed.reports.length, changes: changes.length };
}
