export {
  parseFailureInput,
  eventEnvironment,
  FailureEvent,
  MAX_EVENTS_PER_REQUEST,
} from './payload';
export { redactCredentials, redactionMarker, credentialDigest } from './redact';
export { tokenFacts } from './tokenFacts';
export { normalizeFailure } from './normalize';
export { prepareFailures } from './prepare';
export type { PrepareOptions } from './prepare';
export {
  ListQuery,
  StatsQuery,
  GroupsQuery,
  FilterQuery,
  filterFrom,
  searchParamsObject,
} from './query';
export type { FailureFilter } from './query';
export {
  FAILURE_DIMENSIONS,
  FILTER_FIELDS,
  STATS_DIMENSIONS,
  FILTER_COLUMN,
  FILTER_LABEL,
  isStatsDimension,
} from './dimensions';
export type { FilterField, StatsDimension } from './dimensions';
export type { NormalizedFailure, NormalizeOptions } from './normalize';
export type { FailureItem, FailureDetail, FailurePage, FailureStats } from './types';
export { signerFinder } from './signer';
export { GROUP_COLUMNS, encodeGroupId, decodeGroupId } from './groups';
export type { GroupKey, FailureGroup, FailureGroupPage } from './groups';
