// lib/jwt for the server: the browser-safe functions (./browser) and verification with jose and
// node:crypto. Components import '@/lib/jwt/browser' instead.
export * from './browser';
export { verifyAgainstKeys } from './verify';
export type { VerificationKey, FailureReason } from './verify';
export { findWeakSigner, findKeyConfusion, embeddedJwkVerifies } from './attacks';
