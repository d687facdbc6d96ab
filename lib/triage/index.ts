export { diagnose, CAUSES } from './causes';
export type { Cause, Resolver, TriageInput, TrustVerdict } from './causes';
export { resolverFinder } from './resolver';
