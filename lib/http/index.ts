export { ApiError, errorAnswer, errorResponse } from './errors';
export type { ErrorAnswer, ErrorCode, ErrorIssue } from './errors';
export { readJson, ONE_MIB } from './body';
export { validate } from './validate';
export { json } from './respond';
export { route } from './handler';
export { sseResponse } from './sse';
export type { SseChannel, SseMessage } from './sse';
export { contentSecurityPolicy, STATIC_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './securityHeaders';
