export { loadConfig, parseConfig, formatPath, ConfigError } from './load';
export type { Config } from './load';
export { parseDuration } from './duration';
export { SUPPORTED_ALGS } from './schema';
export type { KeySpec, TargetSpec, Encoding, SupportedAlg } from './schema';
export { TOKEN_PLACEHOLDER, targetName } from './probes';
export type {
  ProbeSpec,
  HttpTargetSpec,
  WebsocketTargetSpec,
  LoginSpec,
  MintSpec,
  WebsocketWay,
} from './probes';
