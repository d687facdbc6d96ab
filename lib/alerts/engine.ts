import { buildFleet, type GroupOptions, type InstanceState } from '../fleet';
import { describeError, logEvent } from '../log';
import type { Store } from '../store/store';
import type { AlertThresholds } from './config';
import { DeliveryWorker } from './delivery';
import type { Destination } from './destinations';
import { failureSpikeConditions, sumByCause, type CauseCount } from './failureSpike';
import { fleetMismatchConditions } from './fleetMismatch';
import { instanceStaleConditions } from './instanceStale';
import { probeFailingConditions } from './probeFailing';
import { rotationIncompleteConditions } from './rotationIncomplete';
import { environmentRotations } from '../rotations';
import { alertLink } from './messages';
import { stepAlerts, type StepResult } from './step';
import type { AlertCondition } from './types';

export interface AlertEngineOptions {
  store: Pick<Store, 'alerts' | 'failures' | 'fingerprints' | 'isLeader' | 'probes'>;
  environments: readonly string[];
  instances: () => Promise<InstanceState[]>;
  fleetOptions: () => GroupOptions;
  destinations: readonly Destination[];
  thresholds: AlertThresholds;
  /** Where the dashboard is, for each alert's link (AUTHSCOPE_PUBLIC_URL). */
  baseUrl: string;
  now?: () => number;
  onResult?: (destination: string, ok: boolean) => void;
  /** Called after a transition is committed (the `alert` stream event). */
  onCommitted?: (step: StepResult) => void;
}

const PROBE_HISTORY_ROWS = 5_000;
const ROTATION_HISTORY_ROWS = 10_000;

/**
 * Evaluates the built-in conditions and delivers the outbox, on a timer. With PostgreSQL only the
 * leader replica does either, so an alert is evaluated and sent once.
 */
export class AlertEngine {
  readonly delivery: DeliveryWorker;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: AlertEngineOptions) {
    this.delivery = new DeliveryWorker({
      store: options.store.alerts,
      destinations: options.destinations,
      resendMs: options.thresholds.resendMs,
      now: options.now,
      onResult: options.onResult,
    });
  }

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      await this.tick();
      if (!this.stopped) this.timer = setTimeout(loop, this.options.thresholds.evaluateMs);
      this.timer?.unref?.();
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One evaluation and one delivery pass, when this process leads. Never throws. */
  async tick(): Promise<void> {
    try {
      if (!(await this.options.store.isLeader())) return;
      await this.evaluate();
      await this.delivery.run();
      await this.pruneHourly();
    } catch (error) {
      logEvent('error', 'alert_evaluation_failed', describeError(error));
    }
  }

  private prunedAt = 0;

  /** Settled alerts and notifications are kept a week (the page shows the last day). */
  private async pruneHourly(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.prunedAt < 3_600_000) return;
    this.prunedAt = now;
    await this.options.store.alerts.prune(now - 7 * 86_400_000);
  }

  async conditions(now: number): Promise<AlertCondition[]> {
    const instances = await this.options.instances();
    const fleet = buildFleet(this.options.environments, instances, {
      ...this.options.fleetOptions(),
      now,
    });
    const { spikeThreshold, spikeWindowMs } = this.options.thresholds;
    const counts: CauseCount[] = [];
    for (const environment of this.options.environments) {
      const stats = await this.options.store.failures.stats(
        { equals: { environment }, since: now - spikeWindowMs, until: now },
        { bucket: 'minute', by: 'cause', now },
      );
      counts.push(...sumByCause(environment, stats.points));
    }
    // Enough recent runs for every target × way to show `probeRuns` in a row.
    const probeRuns = (await this.options.store.probes.history(undefined, PROBE_HISTORY_ROWS)).map(
      (result) => ({
        environment: result.environment,
        probe: result.probe,
        target: result.target,
        way: result.way,
        ok: result.outcome === 'pass',
        at: result.at,
      }),
    );
    const rotations = [];
    for (const environment of this.options.environments) {
      const changes = await this.options.store.fingerprints.history(environment, {
        limit: ROTATION_HISTORY_ROWS,
      });
      rotations.push(
        ...environmentRotations(
          [...changes].reverse(),
          instances.filter((i) => i.environment === environment),
          this.options.fleetOptions().keys,
          now,
        ),
      );
    }
    return [
      ...fleetMismatchConditions(fleet),
      ...instanceStaleConditions(fleet),
      ...failureSpikeConditions(counts, spikeThreshold, spikeWindowMs),
      ...probeFailingConditions(probeRuns, this.options.thresholds.probeRuns),
      ...rotationIncompleteConditions(rotations, this.options.thresholds.rotationIncompleteMs, now),
    ];
  }

  async evaluate(): Promise<StepResult> {
    const now = (this.options.now ?? Date.now)();
    const open = await this.options.store.alerts.open();
    const step = stepAlerts(open, await this.conditions(now), {
      now,
      forMs: this.options.thresholds.forMs,
      resendMs: this.options.thresholds.resendMs,
    });
    await this.options.store.alerts.apply(
      step,
      this.options.destinations,
      (alert) => alertLink(this.options.baseUrl, alert, now),
      now,
    );
    for (const transition of step.transitions) {
      if (transition.kind !== 'resend')
        logEvent('info', `alert_${transition.kind}`, {
          key: transition.alert.key,
          kind: transition.alert.kind,
          environment: transition.alert.environment,
        });
    }
    if (step.changed.length > 0) this.options.onCommitted?.(step);
    return step;
  }
}
