export { loadConfig, parseConfig, formatPath, ConfigError } from './load';
export type { Config } from './load';
export { parseDuration } from './duration';
export { SUPPORTED_ALGS, ENCODINGS } from './schema';
export type { KeySpec, TargetSpec, Encoding, SupportedAlg } from './schema';
