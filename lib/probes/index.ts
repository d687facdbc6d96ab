export { ProbeRunner } from './runner';
export { createProbeRunner } from './start';
export { probesView, loadProbesView, probeEventItems } from './views';
export type { EnvironmentProbesView, ProbeCellView } from './views';
export type { ProbeResult, StoredProbeResult, ProbeOutcome, ProbeWay } from './types';
export { cleanReason } from './reason';
