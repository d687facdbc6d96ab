import type { InspectionReport } from '../inspect';

export interface RemoteRequest {
  /** The dashboard's base URL (--url or $AUTHSCOPE_URL). */
  base: string;
  /** A viewer token (--key or $AUTHSCOPE_KEY); absent for a dashboard with open access. */
  key: string | undefined;
  token: string;
  environment: string | undefined;
}

export type RemoteAnswer =
  { ok: true; report: InspectionReport; origin: string } | { ok: false; message: string };

const TIMEOUT_MS = 10_000;

/**
 * Asks a running dashboard (POST /api/v1/inspect) so the terminal gives the page's verdict: the
 * dashboard's keyring and fleet, not whatever keys this machine happens to have.
 * No message built here ever contains the pasted token or the viewer token.
 */
export async function remoteInspect(request: RemoteRequest): Promise<RemoteAnswer> {
  let url: URL;
  try {
    url = new URL('/api/v1/inspect', request.base);
  } catch {
    return { ok: false, message: `--url "${request.base}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: `--url must be an http or https URL, got ${url.protocol}` };

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(request.key ? { authorization: `Bearer ${request.key}` } : {}),
      },
      body: JSON.stringify({ token: request.token, environment: request.environment }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    return { ok: false, message: `cannot reach ${url.origin} (is the dashboard running?)` };
  }
  const body = (await response.json().catch(() => null)) as
    (InspectionReport & { error?: { message?: string } }) | null;
  if (response.ok && body && !body.error && body.structure)
    return { ok: true, report: body, origin: url.origin };
  return {
    ok: false,
    message: refusal(response.status, url.origin, body?.error?.message, request),
  };
}

function refusal(
  status: number,
  origin: string,
  serverMessage: string | undefined,
  request: RemoteRequest,
): string {
  const said = serverMessage ? `: ${scrub(serverMessage, request)}` : '';
  if (status === 401) {
    return request.key
      ? `${origin} refused the key (401${said}). Inspecting needs a viewer token: pass --key or set AUTHSCOPE_KEY.`
      : `${origin} needs a viewer token (401${said}). Pass --key KEY or set AUTHSCOPE_KEY (one of its AUTHSCOPE_VIEWER_TOKENS or a "viewers" entry).`;
  }
  if (status === 403)
    return `${origin} refused the request (403${said}). Inspecting needs a viewer token, not an ingest key.`;
  return `${origin} answered ${status}${said}`;
}

/** The server never echoes credentials, but a message printed to a terminal log must not either. */
function scrub(message: string, request: RemoteRequest): string {
  let text = message.slice(0, 500);
  for (const secret of [request.token, request.key])
    if (secret && secret.length >= 8) text = text.split(secret).join('[redacted]');
  return text;
}
