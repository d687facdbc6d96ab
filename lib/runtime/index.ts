export { getRuntime, createRuntime, loadKeyContext, dataDirFrom } from './runtime';
export type { Runtime } from './runtime';
