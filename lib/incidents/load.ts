import { z } from 'zod';
import { changeView, type KnownKey } from '../fleet';
import type { Store } from '../store';
import { incidentReport, type IncidentReport } from './report';

const time = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

/** An incident is an environment and an absolute window: the same link shows the same data later. */
export const IncidentQuery = z
  .strictObject({ environment: z.string().min(1).max(128), from: time, to: time })
  .refine((query) => query.from < query.to, {
    message: '"from" must be before "to"',
    path: ['from'],
  })
  .refine((query) => query.to - query.from <= 31 * 86_400_000, {
    message: 'the window is longer than 31 days',
    path: ['to'],
  });
export type IncidentQuery = z.infer<typeof IncidentQuery>;

export async function loadIncident(
  store: Store,
  keys: readonly KnownKey[],
  query: IncidentQuery,
): Promise<IncidentReport> {
  const filter = { equals: { environment: query.environment }, since: query.from, until: query.to };
  const [aggregates, causes, history, probeChanges] = await Promise.all([
    store.failures.incidentAggregates(filter),
    store.failures.causes(filter),
    store.fingerprints.history(query.environment, {
      since: query.from,
      until: query.to,
      limit: 1000,
    }),
    store.probes.changes(query.environment, query.from, query.to),
  ]);
  return incidentReport({
    ...query,
    aggregates,
    causes,
    changes: history.map((event) => changeView(event, keys)),
    probeChanges,
  });
}
