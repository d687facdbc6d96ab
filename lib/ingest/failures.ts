import { canWriteEnvironment, type IngestPrincipal } from '../access';
import { prepareFailures, signerFinder } from '../failures';
import { ApiError } from '../http/errors';
import type { Runtime } from '../runtime/runtime';
import { resolverFinder } from '../triage';
import { loadFleetTrust, trustFinder } from '../trust';

/**
 * `POST /api/v1/failures` after access and body limits: validated whole, redacted, triaged,
 * written in one transaction (group commit), answered after the commit (README, Security: nothing answered 202 is lost).
 */
export async function ingestFailures(
  runtime: Runtime,
  principal: IngestPrincipal,
  body: unknown,
): Promise<{ accepted: number; ids: string[] }> {
  const { config, keyring, pepper, store, fleetOptions, fleetInstances } = runtime;
  const trust = await loadFleetTrust({
    reports: runtime.trustReports,
    keyViews: () => keyring.views(),
    now: Date.now(),
    staleAfterMs: fleetOptions().staleAfterMs,
  });
  const prepared = await prepareFailures(body, {
    environments: config.environments,
    mayWrite: (environment) => canWriteEnvironment(principal, environment),
    receivedAt: Date.now(),
    redactionKey: pepper.bytes,
    signerOf: signerFinder(keyring),
    // Triage compares the signer with what the failing service resolves right now.
    resolverOf: resolverFinder(await fleetInstances(), fleetOptions().keys),
    clockSkewSeconds: config.clockSkewSeconds,
    // stale_jwks: the token's kid is published, but the failing service's JWKS cache lacks it.
    trustOf: trustFinder(trust.state, trust.published),
  });
  if (!prepared.ok) {
    throw new ApiError(
      prepared.code,
      issueSummary(prepared.message, prepared.issues),
      prepared.issues.length ? prepared.issues : undefined,
    );
  }
  const result = await store.failures.insert(prepared.failures);
  if (result.inserted > 0) await store.signals.notify('failures');
  return { accepted: prepared.failures.length, ids: result.ids };
}

export function issueSummary(
  message: string,
  issues: Array<{ path: string; message: string }>,
): string {
  if (issues.length === 0) return message;
  const shown = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  return `${message} ${shown}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`;
}
