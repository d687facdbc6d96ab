export { diagnose, CAUSES } from './causes';
export type { Cause, Diagnosis, Resolver, TriageInput, TrustVerdict } from './causes';
export { resolverFinder } from './resolver';
