export { ingestFailures } from './failures';
export { ingestFingerprints } from './fingerprints';
export { IngestAdmission, DEFAULT_ADMISSION } from './admission';
