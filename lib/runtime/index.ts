export { getRuntime, createRuntime, loadKeyContext } from './runtime';
export { readSettings, SettingsError } from './settings';
export type { Settings } from './settings';
export type { Runtime } from './runtime';
