import { displayUrl } from '../keys/jwks';
import { parseDuration, targetName, type ProbeSpec, type WebsocketWay } from '../config';
import { probeState } from './state';
import type { ProbeOutcome, StoredProbeResult } from './types';

export type ProbeStatus = 'passing' | 'failing' | 'pending';

/** One target × way: the latest result, since when it has been so, and the recent history. */
export interface ProbeCellView {
  way: WebsocketWay;
  outcome: ProbeOutcome | null;
  status: number | null;
  close_code: number | null;
  reason: string | null;
  latency_ms: number | null;
  signed_by: string | null;
  checked_at: string | null;
  since: string | null;
  history: Array<{
    at: string;
    outcome: ProbeOutcome;
    status: number | null;
    close_code: number | null;
    latency_ms: number | null;
  }>;
}

export interface ProbeTargetView {
  name: string;
  kind: 'http' | 'websocket';
  service: string | null;
  instance: string | null;
  url: string;
  ways: ProbeCellView[];
}

export interface ProbeView {
  environment: string;
  name: string;
  token_source: 'login' | 'mint';
  interval_ms: number;
  timeout_ms: number;
  status: ProbeStatus;
  targets: ProbeTargetView[];
}

export interface EnvironmentProbesView {
  environment: string;
  status: ProbeStatus | 'none';
  probes: ProbeView[];
}

const HISTORY_PER_CELL = 20;

/** The configured probes of each environment with what the store holds for them. */
export function probesView(
  environments: readonly string[],
  probes: readonly ProbeSpec[],
  latest: readonly StoredProbeResult[],
  history: readonly StoredProbeResult[],
): EnvironmentProbesView[] {
  const key = (environment: string, probe: string, target: string, way: string) =>
    `${environment}\u0000${probe}\u0000${target}\u0000${way}`;
  const latestByCell = new Map(
    latest.map((result) => [
      key(result.environment, result.probe, result.target, result.way),
      result,
    ]),
  );
  const historyByCell = new Map<string, StoredProbeResult[]>();
  for (const result of history) {
    const cell = key(result.environment, result.probe, result.target, result.way);
    const list = historyByCell.get(cell) ?? [];
    if (list.length < HISTORY_PER_CELL) list.push(result);
    historyByCell.set(cell, list);
  }
  return environments.map((environment) => {
    const views = probes
      .filter((probe) => probe.environment === environment)
      .map((probe): ProbeView => {
        const targets = probe.targets.map((target, index): ProbeTargetView => {
          const name = targetName(target, index);
          const ways: WebsocketWay[] = target.type === 'http' ? ['authorization'] : target.ways;
          return {
            name,
            kind: target.type,
            service: target.service ?? null,
            instance: target.instance ?? null,
            url: displayUrl(target.url),
            ways: ways.map((way) =>
              cellView(
                way,
                latestByCell.get(key(environment, probe.name, name, way)),
                historyByCell.get(key(environment, probe.name, name, way)) ?? [],
              ),
            ),
          };
        });
        return {
          environment,
          name: probe.name,
          token_source: 'login' in probe.token ? 'login' : 'mint',
          interval_ms: parseDuration(probe.interval)!,
          timeout_ms: parseDuration(probe.timeout)!,
          status: statusOf(targets.flatMap((target) => target.ways)),
          targets,
        };
      });
    const status =
      views.length === 0
        ? 'none'
        : statusOf(views.flatMap((probe) => probe.targets.flatMap((target) => target.ways)));
    return { environment, status, probes: views };
  });
}

function cellView(
  way: WebsocketWay,
  latest: StoredProbeResult | undefined,
  history: StoredProbeResult[],
): ProbeCellView {
  return {
    way,
    outcome: latest?.outcome ?? null,
    status: latest?.status ?? null,
    close_code: latest?.closeCode ?? null,
    reason: latest?.reason ?? null,
    latency_ms: latest?.latencyMs ?? null,
    signed_by: latest?.signedBy ?? null,
    checked_at: latest ? new Date(latest.at).toISOString() : null,
    since: latest ? new Date(latest.since).toISOString() : null,
    history: history.map((result) => ({
      at: new Date(result.at).toISOString(),
      outcome: result.outcome,
      status: result.status,
      close_code: result.closeCode,
      latency_ms: result.latencyMs,
    })),
  };
}

function statusOf(cells: readonly ProbeCellView[]): ProbeStatus {
  if (cells.some((cell) => cell.outcome !== null && cell.outcome !== 'pass')) return 'failing';
  if (cells.length > 0 && cells.every((cell) => cell.outcome === 'pass')) return 'passing';
  return 'pending';
}

interface ProbeReader {
  latest(environment?: string): Promise<StoredProbeResult[]>;
  history(environment: string | undefined, limit: number): Promise<StoredProbeResult[]>;
}

/** Reads what the views need: the latest of every cell and enough history for 20 runs of each. */
export async function loadProbesView(
  store: ProbeReader,
  environments: readonly string[],
  probes: readonly ProbeSpec[],
): Promise<EnvironmentProbesView[]> {
  const configured = probes.filter((probe) => environments.includes(probe.environment));
  const cellCount = configured.reduce(
    (sum, probe) =>
      sum +
      probe.targets.reduce(
        (count, target) => count + (target.type === 'http' ? 1 : target.ways.length),
        0,
      ),
    0,
  );
  const only = environments.length === 1 ? environments[0] : undefined;
  const [latest, history] = await Promise.all([
    store.latest(only),
    cellCount > 0 ? store.history(only, Math.min(cellCount * HISTORY_PER_CELL, 10_000)) : [],
  ]);
  return probesView(environments, configured, latest, history);
}

/** The stream's `probe` event: the latest result of every target × way, without history. */
export function probeEventItems(latest: readonly StoredProbeResult[]) {
  return latest.map((result) => ({
    ...probeState(result),
    checked_at: new Date(result.at).toISOString(),
    since: new Date(result.since).toISOString(),
  }));
}
