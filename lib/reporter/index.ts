export { resolveSecret, fingerprintSecret } from './resolve';
export type { SecretSource, SecretLookup, ResolvedSecret, ResolutionStep } from './resolve';
export { Reporter } from './reporter';
export type { ReporterOptions, FailureReport, CloseResult, ReporterStatus } from './options';
export type { BackoffPolicy } from './backoff';
export { publicKeySource } from './publicKeys';
export type { PublicKeyState } from './publicKeys';
