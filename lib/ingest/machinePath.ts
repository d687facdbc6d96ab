import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  credentialAudit,
  decideAccess,
  principalLabel,
  routeRateLimited,
  SESSION_COOKIE,
  type IngestPrincipal,
} from '../access';
import { ApiError, errorAnswer } from '../http/errors';
import { ONE_MIB } from '../http/body';
import { PEER_HEADER, PRINCIPAL_HEADER } from '../http/headers';
import { recordIngestRejection } from '../metrics/ingestRejections';
import { getRuntime, type Runtime } from '../runtime/runtime';
import { ingestFailures } from './failures';
import { ingestFingerprints } from './fingerprints';
import { LoopTurns } from './loopTurns';
import { readNodeJson } from './nodeBody';

const MACHINE_ROUTES: Record<
  string,
  (runtime: Runtime, principal: IngestPrincipal, body: unknown) => Promise<unknown>
> = {
  '/api/v1/failures': ingestFailures,
  '/api/v1/fingerprints': ingestFingerprints,
};

// One event loop per process, so one schedule of turns for every machine request.
const turns = new LoopTurns();

/**
 * The machine-facing path: what services post during an outage is answered here, in front of
 * Next.js (its router costs more than the commit), through the same guard, limits, body reader,
 * ingest code and error shape as the route handlers. Pages and viewer APIs stay in Next.js.
 */
export function isMachineRequest(method: string | undefined, url: string | undefined): boolean {
  return method === 'POST' && url !== undefined && Object.hasOwn(MACHINE_ROUTES, pathOf(url));
}

export async function serveMachineRequest(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let release: (() => void) | null = null;
  let refusedBy: string | null = null;
  try {
    const runtime = await getRuntime();
    const pathname = pathOf(request.url ?? '/');
    const decision = await decideAccess(
      {
        method: 'POST',
        pathname,
        authorization: header(request, 'authorization'),
        sessionCookie: cookie(request, SESSION_COOKIE),
        peer: header(request, PEER_HEADER),
        header: (name) => header(request, name),
      },
      runtime.access,
    );
    const audit = credentialAudit(decision);
    if (audit) await runtime.store.audit.record(audit).catch(() => undefined);
    if (!decision.allowed) {
      throw new ApiError(
        decision.code,
        decision.message,
        undefined,
        decision.retryAfterSeconds
          ? { 'retry-after': String(decision.retryAfterSeconds) }
          : undefined,
      );
    }
    const principal = decision.principal;
    if (principal?.kind !== 'ingest')
      throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
    response.setHeader(PRINCIPAL_HEADER, principalLabel(principal)!);
    const limited = routeRateLimited('POST', pathname, principal, runtime.limiters);
    if (limited)
      throw new ApiError('rate_limited', `Too many requests: retry in ${limited} s.`, undefined, {
        'retry-after': String(limited),
      });

    const declared = Number(header(request, 'content-length') ?? NaN);
    const slot = runtime.admission.admit(
      principal.name,
      Number.isFinite(declared) ? Math.min(declared, ONE_MIB) : ONE_MIB,
    );
    if (!slot.admitted) {
      refusedBy = slot.reason;
      const why =
        slot.reason === 'key_share'
          ? 'this ingest key has its share of the ingest backlog waiting'
          : 'the ingest backlog is full';
      throw new ApiError(
        'rate_limited',
        `Overloaded: ${why}; retry in ${slot.retryAfterSeconds} s.`,
        undefined,
        { 'retry-after': String(slot.retryAfterSeconds) },
      );
    }
    release = slot.release;
    // Admitted work waits for its turn, so a flood keeps the loop's turns short (loopTurns.ts).
    await turns.next();
    const body = await readNodeJson(request, ONE_MIB);
    send(response, 202, await MACHINE_ROUTES[pathname]!(runtime, principal, body), {});
  } catch (error) {
    // Answered before the body was read (401, 429, …): drain it, so the connection stays usable.
    if (!request.readableEnded) request.resume();
    const answer = errorAnswer(error);
    recordIngestRejection('POST', pathOf(request.url ?? '/'), refusedBy ?? answer.body.error.code);
    send(response, answer.status, answer.body, answer.headers);
  } finally {
    release?.();
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('cache-control', 'no-store');
  response.setHeader('content-type', 'application/json');
  response.setHeader('content-length', Buffer.byteLength(text));
  response.end(text);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
