export { diagnose, CAUSES } from './causes';
export type { Cause, Diagnosis, Resolver, TriageInput } from './causes';
export { resolverFinder } from './resolver';
