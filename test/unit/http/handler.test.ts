import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/http/errors';
import { route } from '../../../lib/http/handler';
import { json } from '../../../lib/http/respond';
import { ingestRejections } from '../../../lib/metrics/ingestRejections';
import {
  contentSecurityPolicy,
  SECURITY_HEADERS,
  STATIC_CONTENT_SECURITY_POLICY,
} from '../../../lib/http/securityHeaders';

const count = (endpoint: string, reason: string) =>
  ingestRejections().find((row) => row.endpoint === endpoint && row.reason === reason)?.count ?? 0;

describe('route (lib/http/handler.ts)', () => {
  it('passes the request and the route arguments through, and the answer back', async () => {
    const handler = route(async (request: Request, context: { id: string }) =>
      json({ method: request.method, id: context.id }),
    );
    const response = await handler(new Request('http://127.0.0.1/api/v1/failures/7'), { id: '7' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'GET', id: '7' });
  });

  it('answers a thrown ApiError with its status and the shared shape', async () => {
    const handler = route(async () => {
      throw new ApiError('not_found', 'No failure 7.');
    });
    const response = await handler(new Request('http://127.0.0.1/api/v1/failures/7'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No failure 7.' },
    });
  });

  it('counts a refused ingest POST by endpoint and error code, and nothing else', async () => {
    const refuse = route(async () => {
      throw new ApiError('validation_failed', 'Bad.');
    });
    const before = count('failures', 'validation_failed');
    const post = (url: string) => refuse(new Request(url, { method: 'POST', body: '{}' }));
    expect((await post('http://127.0.0.1/api/v1/failures')).status).toBe(400);
    expect(count('failures', 'validation_failed')).toBe(before + 1);
    // A viewer route, or a GET of an ingest path, is not an ingest rejection.
    await post('http://127.0.0.1/api/v1/inspect');
    await refuse(new Request('http://127.0.0.1/api/v1/failures'));
    expect(count('failures', 'validation_failed')).toBe(before + 1);
    expect(count('inspect', 'validation_failed')).toBe(0);
  });
});

describe('json (lib/http/respond.ts)', () => {
  it('is a no-store JSON answer, 200 unless told', async () => {
    const response = json({ a: 1 });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ a: 1 });
    const created = json({}, { status: 201, headers: { location: '/x' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/x');
    expect(created.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the security headers (lib/http/securityHeaders.ts)', () => {
  it('allows scripts and style elements only from this origin with the nonce, and no framing', () => {
    const policy = contentSecurityPolicy('n0nce');
    const directives = Object.fromEntries(
      policy.split('; ').map((entry) => [entry.split(' ')[0], entry.split(' ').slice(1).join(' ')]),
    );
    expect(directives['script-src']).toBe("'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(directives['style-src']).toBe("'self' 'nonce-n0nce'");
    expect(directives['default-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(directives['script-src']).not.toContain('unsafe-inline');
  });

  it('lets nothing run or frame from static files', () => {
    expect(STATIC_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sends no referrer, no sniffing, no framing on every response', () => {
    expect(SECURITY_HEADERS).toMatchObject({
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });
});
