import type { ProbeResult } from './types';

/** A target × way's state as the log, the stream and the incident report name it. */
export function probeState(result: ProbeResult) {
  return {
    environment: result.environment,
    probe: result.probe,
    target: result.target,
    way: result.way,
    outcome: result.outcome,
    status: result.status,
    close_code: result.closeCode,
  };
}
