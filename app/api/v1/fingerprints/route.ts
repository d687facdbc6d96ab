import { canWriteEnvironment, ingestPrincipalFrom } from '@/lib/access';
import { parseFingerprintInput } from '@/lib/fleet';
import { ApiError, json, ONE_MIB, readJson, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// One report or {reports:[…]}: validated whole, recorded in one transaction, 202 after the commit.
export const POST = route(async (request: Request) => {
  const { access, config, store } = await getRuntime();
  const principal = ingestPrincipalFrom(request.headers.get('authorization'), access.ingestKeys);
  if (!principal) throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
  const parsed = parseFingerprintInput(await readJson(request, { limit: ONE_MIB }));
  if (!parsed.ok) {
    const shown = parsed.issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ApiError('validation_failed', `The fingerprint report is invalid. ${shown}`, parsed.issues);
  }
  const unknown = [...new Set(parsed.reports.map((report) => report.environment).filter((name) => !config.environments.includes(name)))];
  if (unknown.length > 0) {
    throw new ApiError('validation_failed', `Unknown environment ${unknown.map((name) => `"${name}"`).join(', ')} (configured: ${config.environments.join(', ')}).`, [{ path: 'environment', message: 'unknown environment' }]);
  }
  const forbidden = [...new Set(parsed.reports.map((report) => report.environment).filter((name) => !canWriteEnvironment(principal, name)))];
  if (forbidden.length > 0) throw new ApiError('forbidden', `This ingest key may not write to ${forbidden.map((name) => `"${name}"`).join(', ')}.`);
  const changes = await store.fingerprints.record(parsed.reports, Date.now());
  if (changes.length > 0) await store.signals.notify('fingerprints');
  return json({ accepted: parsed.reports.length, changes: changes.length }, { status: 202 });
});
