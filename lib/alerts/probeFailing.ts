import { alertIdentity, type AlertCondition } from './types';

/** One run of a probe against one target, as the probe runner records it. */
export interface ProbeResult {
  environment: string;
  probe: string;
  target: string;
  way: string;
  ok: boolean;
  at: number;
}

/**
 * One condition per (environment, probe, target, way) whose latest `runs` results all failed.
 * Fewer results than `runs` never fire: three failures in a row need three runs.
 */
export function probeFailingConditions(
  results: readonly ProbeResult[],
  runs: number,
): AlertCondition[] {
  const series = new Map<string, ProbeResult[]>();
  for (const result of results) {
    const id = JSON.stringify([result.environment, result.probe, result.target, result.way]);
    series.set(id, [...(series.get(id) ?? []), result]);
  }
  const conditions: AlertCondition[] = [];
  for (const list of series.values()) {
    const latest = [...list].sort((a, b) => b.at - a.at).slice(0, runs);
    if (latest.length < runs || latest.some((result) => result.ok)) continue;
    const { environment, probe, target, way } = latest[0]!;
    const subject = `${probe}:${target}:${way}`;
    conditions.push({
      ...alertIdentity(environment, 'probe_failing', subject, { probe, target, way }),
      summary: `${environment}: probe ${probe} against ${target} (${way}) failed ${runs} runs in a row`,
      since: latest[latest.length - 1]!.at,
      immediate: true,
    });
  }
  return conditions;
}
