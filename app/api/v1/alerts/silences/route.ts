import { SilenceRequest } from '@/lib/alerts/view';
import { parseDuration } from '@/lib/config';
import { ApiError, json, ONE_MIB, readJson, route, validate } from '@/lib/http';
import { PEER_HEADER, VIEWER_HEADER } from '@/lib/http/headers';
import { getRuntime } from '@/lib/runtime';

// Set by proxy.ts from the access decision ("via:name"); a client-sent value is replaced there.

/** Silences one alert's notifications for a duration; audited with who and until when. */
export const POST = route(async (request: Request) => {
  // A session cookie rides along on a cross-site form post: only this origin may silence.
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null' && new URL(origin).host !== request.headers.get('host'))
    throw new ApiError('forbidden', 'Cross-site request refused.');
  const input = validate(SilenceRequest, await readJson(request, { limit: ONE_MIB / 64 }));
  const { store } = await getRuntime();
  const now = Date.now();
  const until = now + parseDuration(input.duration)!;
  const actor = request.headers.get(VIEWER_HEADER)?.split(':').slice(1).join(':') || 'unknown';
  if (!(await store.alerts.silence(input.key, until, now, actor)))
    throw new ApiError('not_found', 'No such alert.');
  await store.audit.record({
    action: 'alert_silenced',
    actor,
    peer: request.headers.get(PEER_HEADER),
    detail: `${input.key} until ${new Date(until).toISOString()}`,
  });
  return json({ key: input.key, silenced_until: new Date(until).toISOString() });
});
