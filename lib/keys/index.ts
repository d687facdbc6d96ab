export { Keyring } from './keyring';
export type { KeyringKey, KeyView, KeyringOptions } from './keyring';
export { loadPepper } from './pepper';
export type { Pepper } from './pepper';
export { hmacFingerprint, sha256Fingerprint, parseFingerprint } from './fingerprint';
export { WEAK_SECRETS, findWeakSecret, findWeakSha256Fingerprint } from './weakSecrets';
export { readSecretReference } from './sources';
export { displayUrl } from './jwks';
export { keyringSummary } from './summary';
