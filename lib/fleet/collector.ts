import { parseDuration, type TargetSpec } from '../config';
import { displayUrl } from '../keys/jwks';
import { parseFingerprintInput, type FingerprintReport } from './report';
import type { UnreachableTarget } from './group';

export interface CollectorOptions {
  targets: readonly TargetSpec[];
  /** Stores what a target answered, as if the service had pushed it. */
  record: (reports: FingerprintReport[]) => Promise<void>;
  /** With several replicas only the one holding the lock polls (PostgreSQL advisory lock). */
  mayPoll: () => Promise<boolean>;
  onChange?: () => void;
  now?: () => number;
}

const DEFAULT_EVERY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_BODY = 1024 * 1024;

interface TargetState {
  spec: TargetSpec;
  everyMs: number;
  timeoutMs: number;
  timer: NodeJS.Timeout | null;
  unreachable: UnreachableTarget | null;
}

/**
 * Polls each configured target on its interval. A target that cannot be reached, answers an
 * error or something that is not a report is listed as unreachable with the reason — never dropped.
 */
export class Collector {
  private readonly states: TargetState[];
  private stopped = false;

  constructor(private readonly options: CollectorOptions) {
    this.states = options.targets.map((spec) => ({
      spec,
      everyMs: spec.every ? parseDuration(spec.every)! : DEFAULT_EVERY_MS,
      timeoutMs: spec.timeout ? parseDuration(spec.timeout)! : DEFAULT_TIMEOUT_MS,
      timer: null,
      unreachable: null,
    }));
  }

  start(): void {
    for (const state of this.states) void this.tick(state);
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states) if (state.timer) clearTimeout(state.timer);
  }

  unreachable(): UnreachableTarget[] {
    return this.states.flatMap((state) => (state.unreachable ? [state.unreachable] : []));
  }

  /** The longest polling interval: instances polled less often than 3 of these are stale. */
  longestIntervalMs(): number {
    return Math.max(DEFAULT_EVERY_MS, ...this.states.map((state) => state.everyMs));
  }

  private async tick(state: TargetState): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.options.mayPoll()) await this.poll(state);
    } finally {
      if (!this.stopped) {
        state.timer = setTimeout(() => void this.tick(state), state.everyMs);
        state.timer.unref();
      }
    }
  }

  async poll(state: TargetState): Promise<void> {
    const now = this.options.now ?? Date.now;
    const before = state.unreachable?.error ?? null;
    try {
      const reports = await this.fetchReports(state);
      await this.options.record(reports);
      state.unreachable = null;
    } catch (error) {
      const message = error instanceof TargetError ? error.message : 'could not record the reports';
      state.unreachable = {
        environment: state.spec.environment,
        service: state.spec.service ?? null,
        url: displayUrl(state.spec.url),
        error: message,
        since: state.unreachable?.since ?? new Date(now()).toISOString(),
      };
    }
    if ((state.unreachable?.error ?? null) !== before) this.options.onChange?.();
  }

  private async fetchReports(state: TargetState): Promise<FingerprintReport[]> {
    let response: Response;
    try {
      response = await fetch(state.spec.url, {
        signal: AbortSignal.timeout(state.timeoutMs),
        redirect: 'error',
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new TargetError(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${state.timeoutMs} ms`
          : 'unreachable',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TargetError(`answered HTTP ${response.status}`);
    }
    const text = await response.text();
    if (text.length > MAX_BODY) throw new TargetError('answered more than 1 MiB');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TargetError('answered something that is not JSON');
    }
    const parsed = parseFingerprintInput(json);
    if (!parsed.ok)
      throw new TargetError(
        `answered an invalid report: ${parsed.issues
          .slice(0, 3)
          .map((issue) => `${issue.path}: ${issue.message}`)
          .join('; ')}`,
      );
    const wrongEnvironment = parsed.reports.find(
      (report) => report.environment !== state.spec.environment,
    );
    if (wrongEnvironment)
      throw new TargetError(
        `reported environment "${wrongEnvironment.environment}", configured for "${state.spec.environment}"`,
      );
    return parsed.reports;
  }
}

class TargetError extends Error {}
