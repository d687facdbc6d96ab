import { z } from 'zod';

/**
 * A failure group is one problem: the failures sharing environment, service, cause, error code,
 * the key that signed the token and the key the failing service resolved (docs/openapi.json, FailureGroup).
 */
export const GROUP_COLUMNS = [
  'environment',
  'service',
  'cause',
  'error_code',
  'signed_by',
  'resolved_key',
] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];
export type GroupKey = Record<GroupColumn, string | null>;

const MAX_VALUE = 256;

/** The opaque id a group is opened by (`?group=…` on the list, stats and causes). */
export function encodeGroupId(key: GroupKey): string {
  return Buffer.from(JSON.stringify(GROUP_COLUMNS.map((column) => key[column]))).toString(
    'base64url',
  );
}

/** The key behind an id, or null when the text is not an id this server gave out. */
export function decodeGroupId(id: string): GroupKey | null {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== GROUP_COLUMNS.length) return null;
  if (
    !values.every(
      (value) => value === null || (typeof value === 'string' && value.length <= MAX_VALUE),
    )
  )
    return null;
  if (typeof values[0] !== 'string') return null; // every failure has an environment
  return Object.fromEntries(
    GROUP_COLUMNS.map((column, index) => [column, values[index]]),
  ) as GroupKey;
}

export const groupIdSchema = z
  .string()
  .max(2_048)
  .transform((id, ctx) => {
    const key = decodeGroupId(id);
    if (!key)
      ctx.addIssue({
        code: 'custom',
        message: 'not a group id this server gave out (the "id" of a failure group)',
      });
    return key ?? z.NEVER;
  });

/** One group as GET /api/v1/failures/groups answers it. */
export interface FailureGroup extends GroupKey {
  id: string;
  count: number;
  first_seen: string;
  last_seen: string;
  /** The group's most frequent one-line explanation of its cause (docs/causes.md). */
  explanation: string | null;
  /** Failures per minute over the page's `series` window, oldest first. */
  series: number[];
  instances: { count: number; top: Array<{ instance: string; count: number }> };
  users: { count: number; top: Array<{ user: string; count: number }> };
}

export interface FailureGroupPage {
  items: FailureGroup[];
  next_cursor: string | null;
  /** The window every group's `series` covers: one count per minute from `since`. */
  series: { bucket: 'minute'; since: string; until: string };
}
