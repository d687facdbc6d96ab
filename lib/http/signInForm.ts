import { readText } from './body';
import { ApiError } from './errors';

export interface SignInForm {
  token?: string;
  next?: string;
  action?: string;
  isForm: boolean;
}

/** A sign-in form or `{token}` is a few hundred bytes; more is refused before it is read. */
export const SIGN_IN_BODY_LIMIT = 16 * 1024;

/**
 * The sign-in body, whatever its content type, read through the size limit first: a form is
 * parsed only from the bytes the limit let through.
 */
export async function readSignInForm(request: Request): Promise<SignInForm> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > SIGN_IN_BODY_LIMIT) throw tooLarge();
  const type = request.headers.get('content-type') ?? '';
  const text = await readText(request, SIGN_IN_BODY_LIMIT);
  if (
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data')
  ) {
    const data = await new Response(text, { headers: { 'content-type': type } })
      .formData()
      .catch(() => {
        throw new ApiError('bad_request', 'The form could not be read.');
      });
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    return {
      token: field('token')?.trim(),
      next: field('next'),
      action: field('action'),
      isForm: true,
    };
  }
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const token = typeof record.token === 'string' ? record.token.trim() : undefined;
  return {
    token,
    action: typeof record.action === 'string' ? record.action : undefined,
    isForm: false,
  };
}

function tooLarge(): ApiError {
  return new ApiError(
    'payload_too_large',
    `The request body is larger than ${SIGN_IN_BODY_LIMIT} bytes.`,
  );
}
