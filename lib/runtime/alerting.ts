import {
  AlertEngine,
  loadDestinations,
  thresholdsFrom,
  type Destination,
  type StepResult,
} from '../alerts';
import type { AlertThresholds } from '../alerts/config';
import type { Config } from '../config';
import type { GroupOptions, InstanceState } from '../fleet';
import { createMetrics, type Metrics } from '../metrics/metrics';
import type { Store } from '../store';
import type { Settings } from './settings';

/** Alerts, their destinations and the metrics registry of one process. */
export interface Alerting {
  engine: AlertEngine;
  destinations: Destination[];
  thresholds: AlertThresholds;
  metrics: Metrics;
  /** Listeners of committed alert changes (the `alert` stream event). */
  onChange: Set<(step: StepResult) => void>;
}

export interface AlertingInput {
  config: Config;
  settings: Settings;
  store: Store;
  instances: () => Promise<InstanceState[]>;
  fleetOptions: () => GroupOptions;
}

export function startAlerting({
  config,
  settings,
  store,
  instances,
  fleetOptions,
}: AlertingInput): Alerting {
  const destinations = loadDestinations(config.notify, settings.references);
  const thresholds = thresholdsFrom(config.alerts);
  const metrics = createMetrics({
    environments: config.environments,
    store,
    instances,
    fleetOptions,
    destinations: destinations.map((d) => d.name),
    startedAt: Date.now(),
  });
  const onChange = new Set<(step: StepResult) => void>();
  const engine = new AlertEngine({
    store,
    environments: config.environments,
    instances,
    fleetOptions,
    destinations,
    thresholds,
    baseUrl: settings.dashboardUrl,
    onResult: metrics.notificationResult,
    onCommitted: (step) => {
      for (const listener of onChange) listener(step);
      // Every replica's streams hear it (LISTEN/NOTIFY on PostgreSQL), not only the leader's.
      void store.signals.notify('alerts').catch(() => undefined);
    },
  });
  engine.start();
  return { engine, destinations, thresholds, metrics, onChange };
}
