export { decideAccess, isOpenAccess } from './guard';
export type { AccessContext } from './guard';
export { CredentialThrottle } from './credentialThrottle';
export { loadPublicHost, isSameOrigin } from './origin';
export { credentialLengthRefusal } from './credentialLength';
export { requiredAccess, ROUTE_POLICY, PAGE_ACCESS } from './policy';
export { principalLabel } from './principal';
export { loadIngestKeys, canWriteEnvironment, ingestPrincipalFrom } from './ingestKeys';
export type { IngestPrincipal } from './ingestKeys';
export { loadViewers, matchViewer } from './viewers';
export type { Viewer } from './viewers';
export {
  loadSessionSecret,
  issueSession,
  readSession,
  SESSION_COOKIE,
  SESSION_SECONDS,
} from './session';
export { loadTrustedProxy, clientAddress } from './trustedProxy';
export { bindRefusal } from './bindRule';
export { RateLimiter, rateLimitsFrom, DEFAULT_RATE_LIMITS } from './rateLimit';
export { credentialAudit, routeRateLimited } from './routeLimits';
export { loadMetricsToken } from './metricsAccess';
