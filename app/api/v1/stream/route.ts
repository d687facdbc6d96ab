import { changeView } from '@/lib/fleet';
import { route, sseResponse } from '@/lib/http';
import { probeEventItems } from '@/lib/probes';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

// An event id holds both stream cursors, `<failures>.<fingerprints>`, so a reconnecting
// EventSource (Last-Event-ID) replays what it missed of each.
const EVENT_ID = /^(\d{16})(?:\.(\d{16}))?$/;
const ZERO = '0'.repeat(16);

/**
 * `failure` events: every failure committed since the last one. `fingerprint` events: fleet
 * changes; each is followed by `mismatch` with the new consistency of the environments it touched.
 * `probe` events (live only, no replay): the latest result of every probe target × way after a run.
 * `alert` events: the alerts firing now, after each committed alert change (no id: not replayed).
 */
export const GET = route(async (request: Request) => {
  const runtime = await getRuntime();
  const lastEventId =
    request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('last_event_id');
  const match = lastEventId ? EVENT_ID.exec(lastEventId) : null;
  const cursors = {
    failures: match?.[1] ?? null,
    fingerprints: match?.[2] ?? (match ? ZERO : null),
  };

  return sseResponse(request.signal, (channel) => {
    const id = () => `${cursors.failures ?? ZERO}.${cursors.fingerprints ?? ZERO}`;
    const stops: Array<() => void> = [];
    const keep = (stop: () => void) => (channel.isClosed() ? stop() : stops.push(stop));

    void runtime.failureFeed
      .subscribe(cursors.failures, (batch) => {
        cursors.failures = batch.cursor;
        channel.send({ event: 'failure', id: id(), data: { items: batch.items } });
      })
      .then(keep);
    void runtime.fingerprintFeed
      .subscribe(cursors.fingerprints, (batch) => {
        cursors.fingerprints = batch.cursor;
        const keys = runtime.fleet.keys();
        channel.send({
          event: 'fingerprint',
          id: id(),
          data: { items: batch.items.map((event) => changeView(event, keys)) },
        });
        void sendConsistency([...new Set(batch.items.map((event) => event.environment))]);
      })
      .then(keep);

    const sendConsistency = async (environments: string[]) => {
      for (const environment of environments) {
        const { consistent, status } = await runtime.fleet.consistency(environment);
        channel.send({ event: 'mismatch', data: { environment, consistent, status } });
      }
    };
    keep(
      runtime.store.signals.on('probes', () => {
        void runtime.store.probes.latest().then(
          (latest) => channel.send({ event: 'probe', data: { items: probeEventItems(latest) } }),
          () => undefined,
        );
      }),
    );
    const sendAlerts = async () => {
      const recent = (await runtime.store.alerts.recent(Date.now() - 60_000)).map((alert) => ({
        key: alert.key,
        kind: alert.kind,
        environment: alert.environment,
        status: alert.status,
        summary: alert.summary,
      }));
      channel.send({ event: 'alert', data: { items: recent } });
    };
    keep(runtime.store.signals.on('alerts', () => void sendAlerts().catch(() => undefined)));
    return () => stops.forEach((stop) => stop());
  });
});
