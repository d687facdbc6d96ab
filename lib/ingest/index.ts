export { ingestFailures } from './failures';
export { ingestFingerprints } from './fingerprints';
export { IngestAdmission, admissionLimitsFrom, DEFAULT_ADMISSION } from './admission';
export type { AdmissionLimits } from './admission';
export { LoopSaturation } from './loopLag';
