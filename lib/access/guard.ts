import type { ErrorCode } from '../http/errors';
import { FORWARDED_FOR_HEADER } from '../http/headers';
import type { CredentialThrottle } from './credentialThrottle';
import { matchIngestKey, type IngestKeyring } from './ingestKeys';
import { isAllowedHost, isSameOrigin } from './origin';
import { mayScrape } from './metricsAccess';
import { requiredAccess } from './policy';
import { bearerValue, secretsEqual } from './secrets';
import type { Principal } from './principal';
import { readSession, viewerGeneration } from './session';
import { clientAddress, normalizeAddress, type TrustedProxy } from './trustedProxy';
import { matchViewer, type ViewerList } from './viewers';

/** Whether session `id` of `viewer` is live (a row in the store, not revoked, not expired). */
export type SessionLookup = (id: string, viewer: string) => Promise<boolean>;

export interface AccessContext {
  viewers: ViewerList;
  ingestKeys: IngestKeyring;
  sessionSecret: Uint8Array;
  trustedProxy: TrustedProxy | null;
  /** AUTHSCOPE_PUBLIC_URL's host: accepted as Host and Origin besides loopback names. */
  publicHost: string | null;
  credentialThrottle: CredentialThrottle;
  /** Null without a store (the pre-start check): no session is accepted. */
  sessions: SessionLookup | null;
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

export type Denial = {
  allowed: false;
  status: 401 | 403 | 404 | 429;
  code: ErrorCode;
  message: string;
  retryAfterSeconds?: number;
};

interface DecisionNotes {
  /** A Bearer value was presented and matched nothing (audited by the caller). */
  credentialRejected?: boolean;
  /** The client was refused for too many wrong credentials, first time this minute (audited once). */
  throttledFirst?: boolean;
}

export type Decision = ({ allowed: true; principal: Principal | null } | Denial) &
  DecisionNotes & {
    /** The client address limits and audit lines use. */
    client: string;
  };

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** No viewer configured and no auth proxy: the server is local-only and open (README, Security). */
export function isOpenAccess(context: AccessContext): boolean {
  return context.viewers.viewers.length === 0 && context.trustedProxy === null;
}

/** The one decision for every route and page (ROUTE_POLICY says who may call what). */
export async function decideAccess(
  request: AccessRequest,
  context: AccessContext,
): Promise<Decision> {
  const client = clientAddress(
    request.peer,
    request.header(FORWARDED_FOR_HEADER),
    context.trustedProxy,
  );
  const deny = (
    status: Denial['status'],
    code: ErrorCode,
    message: string,
    extra: DecisionNotes & { retryAfterSeconds?: number } = {},
  ): Decision => ({ allowed: false, status, code, message, client, ...extra });
  const access = requiredAccess(request.method, request.pathname);
  if (access === null) return deny(404, 'not_found', 'No such API route.');

  const host = request.header('host');
  const origin = request.header('origin');
  const open = isOpenAccess(context);
  if (open && !isAllowedHost(host, context.publicHost)) {
    return deny(
      403,
      'forbidden',
      'Open access answers loopback names only (set AUTHSCOPE_PUBLIC_URL for another address): this Host is refused.',
    );
  }

  const bearer = bearerValue(request.authorization);
  if (bearer) {
    const throttle = context.credentialThrottle.check(client);
    if (throttle.blocked) {
      return deny(
        429,
        'rate_limited',
        `Too many wrong credentials from this address: retry in ${throttle.retryAfterSeconds} s.`,
        {
          retryAfterSeconds: throttle.retryAfterSeconds,
          throttledFirst: throttle.firstInWindow,
        },
      );
    }
  }
  const ingest = bearer ? matchIngestKey(bearer, context.ingestKeys) : null;
  const viewer = await resolveViewer(request, bearer, context);
  // The metrics token is a credential too: a scraper presenting it is not guessing.
  const metricsToken = context.metricsToken
    ? bearer !== null && secretsEqual(bearer, context.metricsToken)
    : false;
  const credentialRejected =
    bearer !== null && ingest === null && viewer?.via !== 'token' && !metricsToken;
  if (credentialRejected) context.credentialThrottle.fail(client);

  // A browser sends its cookie (or reaches open access) from any site: a state change must come
  // from this origin. Bearer requests are not sent by browsers on their own.
  const ambient = viewer !== null && viewer.via !== 'token' && ingest === null;
  if (
    (open || ambient) &&
    (UNSAFE_METHODS.has(request.method) || origin !== null) &&
    !isSameOrigin(origin, host, context.publicHost)
  ) {
    return deny(403, 'forbidden', 'Cross-site request refused.', { credentialRejected });
  }

  const allow = (principal: Principal | null): Decision => ({
    allowed: true,
    principal,
    client,
    credentialRejected,
  });
  switch (access) {
    case 'anyone':
      return allow(viewer ?? ingest);
    case 'viewer':
      if (viewer) return allow(viewer);
      if (ingest) return deny(403, 'forbidden', 'Ingest keys are write-only: this needs a viewer.');
      return deny(
        401,
        'unauthorized',
        'Sign in, or send a viewer token as "Authorization: Bearer <token>".',
        { credentialRejected },
      );
    case 'ingest':
      if (ingest) return allow(ingest);
      if (viewer && viewer.via !== 'open')
        return deny(403, 'forbidden', 'Viewers cannot ingest: send an ingest key.', {
          credentialRejected,
        });
      return deny(401, 'unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".', {
        credentialRejected,
      });
    case 'metrics': {
      const verdict = mayScrape(bearer, request.peer, context.metricsToken ?? null);
      if (verdict === 'ok') return allow(null);
      if (verdict === 'unauthorized')
        return deny(
          401,
          'unauthorized',
          'Send the metrics token as "Authorization: Bearer <token>".',
          { credentialRejected },
        );
      return deny(
        403,
        'forbidden',
        'Without AUTHSCOPE_METRICS_TOKEN, /metrics answers loopback only.',
      );
    }
    case 'viewer_or_ingest':
      if (viewer || ingest) return allow(viewer ?? ingest);
      return deny(
        401,
        'unauthorized',
        'Send a viewer token or an ingest key as "Authorization: Bearer <value>".',
        { credentialRejected },
      );
  }
}

type ViewerPrincipal = Extract<Principal, { kind: 'viewer' }>;

async function resolveViewer(
  request: AccessRequest,
  bearer: string | null,
  context: AccessContext,
): Promise<ViewerPrincipal | null> {
  const session = await sessionViewer(request.sessionCookie, context);
  if (session) return { kind: 'viewer', name: session, via: 'session' };
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

/**
 * The viewer a session cookie signs in, if the session is still live: its row not revoked
 * (sign-out), the viewer still configured, and with the same token it signed in with.
 */
async function sessionViewer(
  cookie: string | undefined,
  context: AccessContext,
): Promise<string | null> {
  const claims = await readSession(cookie, context.sessionSecret);
  if (!claims || !context.sessions) return null;
  const viewer = context.viewers.viewers.find((candidate) => candidate.name === claims.viewer);
  if (!viewer || viewerGeneration(viewer.secret, context.sessionSecret) !== claims.generation)
    return null;
  return (await context.sessions(claims.sessionId, claims.viewer)) ? claims.viewer : null;
}
