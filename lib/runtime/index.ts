export { getRuntime, createRuntime, dataDirFrom } from './runtime';
export type { Runtime } from './runtime';
