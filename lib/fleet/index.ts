export { FingerprintReport, ResolutionStep, parseFingerprintInput } from './report';
export { identify } from './identify';
export type { KnownKey } from './identify';
export { groupPurpose } from './group';
export type {
  InstanceState,
  FingerprintGroup,
  PurposeFleet,
  FleetStatus,
  GroupOptions,
} from './group';
export { buildFleet } from './fleet';
export type { EnvironmentFleet } from './fleet';
export { predictAcceptance } from './acceptance';
export { Collector } from './collector';
export type { CollectorOptions } from './collector';
export { knownKeys, changeView, environmentView } from './views';
export type { FleetChange, InstanceView, EnvironmentView } from './views';
export { consistencyOf, gateVerdict } from './consistency';
export type { Consistency, GateVerdict } from './consistency';
export { createFleetService } from './service';
export type { FleetService } from './service';
