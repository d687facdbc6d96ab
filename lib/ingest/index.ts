export { ingestFailures } from './failures';
export { ingestFingerprints } from './fingerprints';
export { IngestAdmission, admissionLimitsFrom } from './admission';
export { LoopSaturation } from './loopLag';
