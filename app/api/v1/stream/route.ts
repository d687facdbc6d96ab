import { route, sseResponse } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const CURSOR = /^\d{16}$/;

// `failure` events carry every failure committed since the last one, in commit order; the event
// id is the stream cursor, so a reconnecting EventSource (Last-Event-ID) misses nothing.
export const GET = route(async (request: Request) => {
  const { failureFeed } = await getRuntime();
  const lastEventId = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('last_event_id');
  const from = lastEventId && CURSOR.test(lastEventId) ? lastEventId : null;
  return sseResponse(request.signal, (channel) => {
    let unsubscribe: () => void = () => undefined;
    void failureFeed
      .subscribe(from, (batch) => channel.send({ event: 'failure', id: batch.cursor, data: { items: batch.items } }))
      .then((stop) => {
        if (channel.isClosed()) stop();
        else unsubscribe = stop;
      });
    return () => unsubscribe();
  });
});
