export { getRuntime, createRuntime, loadKeyContext, dataDirFrom } from './runtime';
export type { Runtime, KeyContext } from './runtime';
