import { canWriteEnvironment, ingestPrincipalFrom } from '@/lib/access';
import { ListQuery, filterFrom, prepareFailures, searchParamsObject, signerFinder } from '@/lib/failures';
import { ApiError, json, ONE_MIB, readJson, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';
import { InvalidCursorError } from '@/lib/store';
import { resolverFinder } from '@/lib/triage';

// Ingest: validated whole, written in one transaction, answered after the commit (SPEC).
export const POST = route(async (request: Request) => {
  const { access, config, keyring, pepper, store, fleetOptions, fleetInstances } = await getRuntime();
  const principal = ingestPrincipalFrom(request.headers.get('authorization'), access.ingestKeys);
  if (!principal) throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
  const body = await readJson(request, { limit: ONE_MIB });
  const prepared = await prepareFailures(body, {
    environments: config.environments,
    mayWrite: (environment) => canWriteEnvironment(principal, environment),
    receivedAt: Date.now(),
    redactionKey: pepper.bytes,
    signerOf: signerFinder(keyring),
    // Triage compares the signer with what the failing service resolves right now.
    resolverOf: resolverFinder(await fleetInstances(), fleetOptions().keys),
    clockSkewSeconds: config.clockSkewSeconds,
  });
  if (!prepared.ok) {
    throw new ApiError(prepared.status === 403 ? 'forbidden' : 'validation_failed', issueSummary(prepared.message, prepared.issues), prepared.issues.length ? prepared.issues : undefined);
  }
  const result = await store.failures.insert(prepared.failures);
  if (result.inserted > 0) await store.signals.notify('failures');
  return json({ accepted: prepared.failures.length, ids: result.ids }, { status: 202 });
});

export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(ListQuery, searchParamsObject(new URL(request.url).searchParams));
  try {
    return json(await store.failures.list(filterFrom(query), { cursor: query.cursor, limit: query.limit }));
  } catch (error) {
    if (InvalidCursorError.is(error)) throw new ApiError('bad_request', error.message, [{ path: 'cursor', message: error.message }]);
    throw error;
  }
});

function issueSummary(message: string, issues: Array<{ path: string; message: string }>): string {
  if (issues.length === 0) return message;
  const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return `${message} ${shown}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`;
}
