import { randomUUID } from 'node:crypto';
import {
  parseDuration,
  targetName,
  type KeySpec,
  type ProbeSpec,
  type WebsocketWay,
} from '../config';
import { displayUrl } from '../keys/jwks';
import { attempt, type Attempt } from './attempt';
import type { SourceContext } from './credentials';
import { probeHttp } from './httpTarget';
import { ConcurrencyLimit } from './limit';
import { loginToken, type TokenResult } from './login';
import { mintToken } from './mint';
import { cleanReason } from './reason';
import type { ProbeResult } from './types';
import { probeWebsocket } from './websocketTarget';

export interface ProbeRunnerOptions {
  probes: readonly ProbeSpec[];
  /** The config's keys: a mint probe signs with the one it names (marked `probe: true`). */
  keys: readonly KeySpec[];
  sources: SourceContext;
  /** The keyring key whose signature verifies the token, if any. */
  signerOf: (token: string, environment: string) => Promise<string | null>;
  /** Stores a run's results; `token` is there to be analysed for failure events, then dropped. */
  record: (results: ProbeResult[], token: string | null) => Promise<void>;
  /** With several replicas only the leader probes (the collector's PostgreSQL advisory lock). */
  mayRun: () => Promise<boolean>;
  onError?: (error: unknown) => void;
  /** Attempts in flight at once, across all probes. */
  concurrency?: number;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_PROBE_CONCURRENCY = 4;
// ±10 % so probes configured alike do not fire in lockstep.
const JITTER = 0.1;

interface Cell {
  target: string;
  kind: ProbeResult['kind'];
  way: WebsocketWay;
  service: string | null;
  instance: string | null;
  url: string;
  run: (token: string) => Promise<Attempt>;
}

/**
 * Runs each configured probe on its interval: obtain a token (log in or mint), present it to
 * every target in every configured way, record what each answered. Every attempt has its own
 * timeout and attempts share a bounded pool, so a hanging target delays nothing but itself.
 */
export class ProbeRunner {
  private readonly limit: ConcurrencyLimit;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: ProbeRunnerOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency ?? DEFAULT_PROBE_CONCURRENCY);
  }

  start(): void {
    for (const probe of this.options.probes) void this.tick(probe);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs every probe once, now (tests, and the first round at start). */
  async runAll(): Promise<ProbeResult[][]> {
    return Promise.all(this.options.probes.map((probe) => this.run(probe)));
  }

  private async tick(probe: ProbeSpec): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.options.mayRun()) await this.run(probe);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      if (!this.stopped) {
        const intervalMs = parseDuration(probe.interval)!;
        const jittered =
          intervalMs * (1 - JITTER + 2 * JITTER * (this.options.random ?? Math.random)());
        const timer = setTimeout(() => void this.tick(probe), jittered);
        timer.unref();
        this.timers.set(`${probe.environment}/${probe.name}`, timer);
      }
    }
  }

  async run(probe: ProbeSpec): Promise<ProbeResult[]> {
    const now = this.options.now ?? Date.now;
    const timeoutMs = parseDuration(probe.timeout)!;
    const tokenSource = 'login' in probe.token ? ('login' as const) : ('mint' as const);
    const obtained = await this.limit.run(() => this.obtainToken(probe, timeoutMs, now()));
    const token = obtained.ok ? obtained.token : null;
    const signedBy = token
      ? await this.options.signerOf(token, probe.environment).catch(() => null)
      : null;
    const runId = randomUUID();
    const at = now();
    const results = await Promise.all(
      cells(probe, timeoutMs).map(async (cell): Promise<ProbeResult> => {
        const outcome = obtained.ok
          ? await this.limit.run(() => cell.run(obtained.token))
          : attempt(obtained.outcome, { reason: obtained.reason });
        return {
          runId,
          at,
          environment: probe.environment,
          probe: probe.name,
          target: cell.target,
          kind: cell.kind,
          way: cell.way,
          service: cell.service,
          instance: cell.instance,
          url: cell.url,
          outcome: outcome.outcome,
          status: outcome.status,
          closeCode: outcome.closeCode,
          reason: cleanReason(outcome.reason, token ?? undefined),
          latencyMs: outcome.latencyMs,
          tokenSource,
          signedBy,
        };
      }),
    );
    await this.options.record(results, token);
    return results;
  }

  private obtainToken(probe: ProbeSpec, timeoutMs: number, now: number): Promise<TokenResult> {
    if ('login' in probe.token)
      return loginToken(probe.token.login, this.options.sources, timeoutMs);
    const spec = probe.token.mint;
    return mintToken(
      spec,
      this.options.keys.find((key) => key.id === spec.key),
      this.options.sources,
      now,
    );
  }
}

/** Every target × way of a probe; an HTTP target is presented the token one way, the header. */
function cells(probe: ProbeSpec, timeoutMs: number): Cell[] {
  return probe.targets.flatMap((target, index): Cell[] => {
    const base = {
      target: targetName(target, index),
      kind: target.type,
      service: target.service ?? null,
      instance: target.instance ?? null,
      url: displayUrl(target.url),
    };
    if (target.type === 'http')
      return [
        { ...base, way: 'authorization', run: (token) => probeHttp(target, token, timeoutMs) },
      ];
    const closeWaitMs = parseDuration(target.closeWait)!;
    return target.ways.map((way) => ({
      ...base,
      way,
      run: (token: string) => probeWebsocket(target, way, token, timeoutMs, closeWaitMs),
    }));
  });
}
