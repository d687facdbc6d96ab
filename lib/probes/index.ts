export { ProbeRunner, DEFAULT_PROBE_CONCURRENCY } from './runner';
export type { ProbeRunnerOptions } from './runner';
export { createProbeRunner } from './start';
export type { ProbeDependencies } from './start';
export { probesView, loadProbesView, probeEventItems } from './views';
export type { EnvironmentProbesView, ProbeView, ProbeTargetView, ProbeCellView, ProbeStatus } from './views';
export { PROBE_OUTCOMES } from './types';
export type { ProbeResult, StoredProbeResult, ProbeOutcome, ProbeWay } from './types';
export { cleanReason } from './reason';
