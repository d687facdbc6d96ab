import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/http/errors';
import { readSignInForm, SIGN_IN_BODY_LIMIT } from '../../../lib/http/signInForm';

const signIn = (body: BodyInit, type?: string, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/api/v1/session', {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type, ...headers } : headers,
  });

const refusal = async (request: Request) => {
  const error = await readSignInForm(request).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
};

describe('readSignInForm (lib/http/signInForm.ts)', () => {
  it('reads a urlencoded form, trimming the token', async () => {
    const body = new URLSearchParams({
      token: '  viewer-token \n',
      next: '/failures?x=1',
      action: 'sign-in',
    });
    expect(
      await readSignInForm(signIn(body.toString(), 'application/x-www-form-urlencoded')),
    ).toEqual({
      token: 'viewer-token',
      next: '/failures?x=1',
      action: 'sign-in',
      isForm: true,
    });
  });

  it('reads a multipart form, whatever its boundary', async () => {
    const form = new FormData();
    form.set('token', 'abc');
    form.set('action', 'sign-out');
    const request = new Request('http://127.0.0.1/api/v1/session', { method: 'POST', body: form });
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(await readSignInForm(request)).toEqual({
      token: 'abc',
      next: undefined,
      action: 'sign-out',
      isForm: true,
    });
  });

  it('reads {token} JSON, and any other type as JSON too', async () => {
    expect(
      await readSignInForm(signIn('{"token":" t1 ","next":"/x"}', 'application/json')),
    ).toEqual({
      token: 't1',
      action: undefined,
      isForm: false,
    });
    expect(await readSignInForm(signIn('{"action":"sign-out"}'))).toMatchObject({
      action: 'sign-out',
      isForm: false,
    });
  });

  it.each([
    ['', {}],
    ['null', {}],
    ['[1]', {}],
    ['{"token":7,"action":false}', {}],
  ])('takes %j as no token and no action', async (body, _) => {
    expect(await readSignInForm(signIn(body, 'application/json'))).toEqual({
      token: undefined,
      action: undefined,
      isForm: false,
    });
  });

  it('answers broken JSON with invalid_json, without echoing it', async () => {
    const error = await refusal(signIn('{"token":"secret-viewer-token"', 'application/json'));
    expect(error).toMatchObject({ code: 'invalid_json', status: 400 });
    expect(error.message).not.toContain('secret-viewer-token');
  });

  it('answers an unreadable multipart body with bad_request', async () => {
    const error = await refusal(
      signIn('not multipart at all', 'multipart/form-data; boundary=zzz'),
    );
    expect(error).toMatchObject({ code: 'bad_request', message: 'The form could not be read.' });
  });

  it(`accepts ${SIGN_IN_BODY_LIMIT} bytes and refuses one more`, async () => {
    const form = (size: number) => 'token=' + 'a'.repeat(size - 'token='.length);
    const ok = await readSignInForm(
      signIn(form(SIGN_IN_BODY_LIMIT), 'application/x-www-form-urlencoded'),
    );
    expect(ok.token).toHaveLength(SIGN_IN_BODY_LIMIT - 6);
    const error = await refusal(
      signIn(form(SIGN_IN_BODY_LIMIT + 1), 'application/x-www-form-urlencoded'),
    );
    expect(error).toMatchObject({
      code: 'payload_too_large',
      status: 413,
      message: `The request body is larger than ${SIGN_IN_BODY_LIMIT} bytes.`,
    });
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode('token=a'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://127.0.0.1/api/v1/session', {
      method: 'POST',
      body: stream,
      headers: { 'content-length': String(SIGN_IN_BODY_LIMIT + 1) },
      duplex: 'half',
    } as RequestInit);
    expect((await refusal(request)).code).toBe('payload_too_large');
    expect(pulled).toBe(0);
  });
});
