import type { ErrorCode } from '../http/errors';
import { matchIngestKey, type IngestKeyring } from './ingestKeys';
import { mayScrape } from './metricsAccess';
import { requiredAccess } from './policy';
import type { Principal } from './principal';
import { readSession } from './session';
import { normalizeAddress, type TrustedProxy } from './trustedProxy';
import { matchViewer, type ViewerList } from './viewers';

export interface AccessContext {
  viewers: ViewerList;
  ingestKeys: IngestKeyring;
  sessionSecret: Uint8Array;
  trustedProxy: TrustedProxy | null;
  /** AUTHSCOPE_METRICS_TOKEN; without one /metrics answers loopback peers only. */
  metricsToken?: string | null;
}

/** What the guard looks at; built from the request by proxy.ts. */
export interface AccessRequest {
  method: string;
  pathname: string;
  authorization: string | null;
  sessionCookie: string | undefined;
  /** The socket's address, stated by scripts/server.mjs (never by the client). */
  peer: string | null;
  header: (name: string) => string | null;
}

export type Decision =
  | { allowed: true; principal: Principal | null }
  | { allowed: false; status: 401 | 403 | 404; code: ErrorCode; message: string };

/** No viewer configured and no auth proxy: the server is local-only and open (SPEC, Non-negotiables). */
export function isOpenAccess(context: AccessContext): boolean {
  return context.viewers.viewers.length === 0 && context.trustedProxy === null;
}

/** The one decision for every route and page (ROUTE_POLICY says who may call what). */
export async function decideAccess(request: AccessRequest, context: AccessContext): Promise<Decision> {
  const access = requiredAccess(request.method, request.pathname);
  if (access === null) return { allowed: false, status: 404, code: 'not_found', message: 'No such API route.' };

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1] ?? null;
  const ingest = bearer ? matchIngestKey(bearer, context.ingestKeys) : null;
  const viewer = await resolveViewer(request, bearer, context);

  switch (access) {
    case 'anyone':
      return { allowed: true, principal: viewer ?? ingest };
    case 'viewer':
      if (viewer) return { allowed: true, principal: viewer };
      if (ingest) return { allowed: false, status: 403, code: 'forbidden', message: 'Ingest keys are write-only: this needs a viewer.' };
      return { allowed: false, status: 401, code: 'unauthorized', message: 'Sign in, or send a viewer token as "Authorization: Bearer <token>".' };
    case 'ingest':
      if (ingest) return { allowed: true, principal: ingest };
      if (viewer && viewer.via !== 'open') return { allowed: false, status: 403, code: 'forbidden', message: 'Viewers cannot ingest: send an ingest key.' };
      return { allowed: false, status: 401, code: 'unauthorized', message: 'Send an ingest key as "Authorization: Bearer <key>".' };
    case 'metrics': {
      const verdict = mayScrape(bearer, request.peer, context.metricsToken ?? null);
      if (verdict === 'ok') return { allowed: true, principal: null };
      if (verdict === 'unauthorized') return { allowed: false, status: 401, code: 'unauthorized', message: 'Send the metrics token as "Authorization: Bearer <token>".' };
      return { allowed: false, status: 403, code: 'forbidden', message: 'Without AUTHSCOPE_METRICS_TOKEN, /metrics answers loopback only.' };
    }
    case 'viewer_or_ingest':
      if (viewer || ingest) return { allowed: true, principal: viewer ?? ingest };
      return { allowed: false, status: 401, code: 'unauthorized', message: 'Send a viewer token or an ingest key as "Authorization: Bearer <value>".' };
  }
}

type ViewerPrincipal = Extract<Principal, { kind: 'viewer' }>;

async function resolveViewer(request: AccessRequest, bearer: string | null, context: AccessContext): Promise<ViewerPrincipal | null> {
  const fromSession = await readSession(request.sessionCookie, context.sessionSecret);
  // A session outlives nothing: a viewer removed from the config is signed out at once.
  if (fromSession && context.viewers.viewers.some((viewer) => viewer.name === fromSession)) {
    return { kind: 'viewer', name: fromSession, via: 'session' };
  }
  if (bearer) {
    const match = matchViewer(bearer, context.viewers);
    if (match) return { kind: 'viewer', name: match.name, via: 'token' };
  }
  const proxy = context.trustedProxy;
  if (proxy && request.peer && proxy.addresses.has(normalizeAddress(request.peer))) {
    const user = request.header(proxy.header)?.trim();
    if (user) return { kind: 'viewer', name: user.slice(0, 128), via: 'proxy' };
  }
  if (isOpenAccess(context)) return { kind: 'viewer', name: 'local', via: 'open' };
  return null;
}
