// lib/jwt for the server: the browser-safe functions (./browser) and verification with jose and
// node:crypto. Components import '@/lib/jwt/browser' instead.
export * from './browser';
export { verifyAgainstKeys, checkSignature } from './verify';
export type { VerificationKey, FailureReason, SignatureCheck } from './verify';
export { findWeakSigner, findKeyConfusion, embeddedJwkVerifies } from './attacks';
export type { NamedSecret, PublicKeyText } from './attacks';
