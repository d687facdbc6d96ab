export { loadIngestKeys, authenticateIngest, canWriteEnvironment } from './ingestKeys';
export type { IngestPrincipal, IngestKeyring } from './ingestKeys';
export { secretsEqual, bearerToken } from './secrets';
