export { openStore } from './store';
export type { Store } from './store';
export { isPostgresUrl } from './database';
export type { Dialect, StoreLocation } from './database';
export { FailureStore, InvalidCursorError, streamCursor, NONE_LABEL, OTHER_LABEL } from './failureStore';
export type { InsertResult } from './failureStore';
export { retentionDaysFrom, startRetention, DEFAULT_RETENTION_DAYS } from './retention';
export { AuditStore } from './auditStore';
export type { AuditAction, AuditEntry } from './auditStore';
