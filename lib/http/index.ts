export { ApiError, errorAnswer, errorResponse } from './errors';
export type { ErrorCode, ErrorIssue } from './errors';
export { readJson, ONE_MIB } from './body';
export { validate } from './validate';
export { json } from './respond';
export { route } from './handler';
export { sseResponse } from './sse';
export { contentSecurityPolicy, SECURITY_HEADERS } from './securityHeaders';
