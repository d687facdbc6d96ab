import { z } from 'zod';

/** A token is a few KB at most; 64 KiB leaves room for pasted headers and line breaks. */
export const INSPECT_BODY_LIMIT = 64 * 1024;

export const InspectRequest = z.strictObject({
  token: z.string().max(INSPECT_BODY_LIMIT, 'the token is longer than 64 KiB'),
  environment: z.string().max(64).optional(),
});

export type InspectRequest = z.infer<typeof InspectRequest>;
