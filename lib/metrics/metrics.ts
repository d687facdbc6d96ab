import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { ALERT_KINDS } from '../alerts/types';
import { buildFleet, type GroupOptions, type InstanceState } from '../fleet';
import type { Store } from '../store/store';
import { CAUSES } from '../triage';
import { ingestRejections } from './ingestRejections';

export interface MetricsSource {
  environments: readonly string[];
  store: Pick<Store, 'metrics' | 'alerts'>;
  instances: () => Promise<InstanceState[]>;
  fleetOptions: () => GroupOptions;
  destinations: readonly string[];
  /** Counting starts here: failures committed before the process started are not "ingested by it". */
  startedAt: number;
}

export interface Metrics {
  registry: Registry;
  /** One notification attempt's result, counted by destination name (configured, so bounded). */
  notificationResult: (destination: string, ok: boolean) => void;
}

// Label values come only from configuration and closed lists: an environment or purpose outside
// them is not exported, so a reporter cannot grow the series without bound.
const MAX_PURPOSES = 20;
const KNOWN_CAUSES = new Set<string>(CAUSES);

export function createMetrics(source: MetricsSource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named *_total fail `promtool check metrics`; their per-type twins (no suffix) stay.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ])
    registry.removeSingleMetric(name);
  const configured = new Set(source.environments);

  const buildPurposes = async () => {
    const environments = buildFleet(
      source.environments,
      await source.instances(),
      source.fleetOptions(),
    ).filter((env) => configured.has(env.environment));
    return environments.flatMap((env) => env.purposes.slice(0, MAX_PURPOSES));
  };
  // Four gauges read the same fleet in one scrape: group it once per second, not four times.
  let cached: { at: number; purposes: ReturnType<typeof buildPurposes> } | null = null;
  const fleet = () => {
    if (!cached || Date.now() - cached.at > 1000)
      cached = { at: Date.now(), purposes: buildPurposes() };
    const current = cached;
    current.purposes.catch(() => {
      if (cached === current) cached = null;
    });
    return current.purposes;
  };
  const fleetGauge = (
    name: string,
    help: string,
    value: (purpose: Awaited<ReturnType<typeof fleet>>[number]) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['environment', 'purpose'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const purpose of await fleet())
          this.set({ environment: purpose.environment, purpose: purpose.purpose }, value(purpose));
      },
    });
  fleetGauge(
    'authscope_fleet_consistent',
    '1 when every instance of the environment and purpose resolved the same key, nothing stale or unreachable.',
    (p) => (p.consistent ? 1 : 0),
  );
  fleetGauge(
    'authscope_fleet_mismatch',
    '1 when the instances resolved more than one key (mismatch or not comparable).',
    (p) => (p.status === 'mismatch' || p.status === 'not_comparable' ? 1 : 0),
  );
  fleetGauge(
    'authscope_fleet_groups',
    'Fingerprint groups: distinct keys resolved.',
    (p) => p.groups.length,
  );
  new Gauge({
    name: 'authscope_fleet_instances',
    help: 'Instances reporting, by state (current or stale).',
    labelNames: ['environment', 'purpose', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const purpose of await fleet()) {
        const total = purpose.groups.reduce((sum, group) => sum + group.members.length, 0);
        this.set(
          { environment: purpose.environment, purpose: purpose.purpose, state: 'current' },
          total - purpose.stale.length,
        );
        this.set(
          { environment: purpose.environment, purpose: purpose.purpose, state: 'stale' },
          purpose.stale.length,
        );
      }
    },
  });
  new Counter({
    name: 'authscope_failures_ingested_total',
    help: 'Auth failures stored since this process started, by environment and diagnosed cause.',
    labelNames: ['environment', 'cause'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await source.store.metrics.failuresSince(source.startedAt)) {
        if (!configured.has(row.environment)) continue;
        const cause = row.cause === '' ? 'none' : KNOWN_CAUSES.has(row.cause) ? row.cause : 'other';
        this.inc({ environment: row.environment, cause }, row.count);
      }
    },
  });
  new Gauge({
    name: 'authscope_alerts_firing',
    help: 'Built-in alerts firing, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const counts = new Map(
        (await source.store.metrics.firingByKind()).map((row) => [row.kind, row.count]),
      );
      for (const kind of ALERT_KINDS) this.set({ kind }, counts.get(kind) ?? 0);
    },
  });
  new Gauge({
    name: 'authscope_notifications_pending',
    help: 'Notifications waiting in the outbox, by destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const pending = new Map(
        (await source.store.alerts.outboxCounts())
          .filter((row) => row.status === 'pending')
          .map((row) => [row.destination, row.count]),
      );
      for (const destination of source.destinations)
        this.set({ destination }, pending.get(destination) ?? 0);
    },
  });
  new Counter({
    name: 'authscope_ingest_rejected_total',
    help: 'Ingest requests refused by this process, by endpoint and reason (the error code).',
    labelNames: ['endpoint', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of ingestRejections())
        this.inc({ endpoint: row.endpoint, reason: row.reason }, row.count);
    },
  });
  const notifications = new Counter({
    name: 'authscope_notifications_total',
    help: 'Notification attempts, by destination and result (delivered or failed).',
    labelNames: ['destination', 'result'] as const,
    registers: [registry],
  });
  for (const destination of source.destinations)
    for (const result of ['delivered', 'failed']) notifications.inc({ destination, result }, 0);

  return {
    registry,
    notificationResult: (destination, ok) =>
      notifications.inc({ destination, result: ok ? 'delivered' : 'failed' }),
  };
}
