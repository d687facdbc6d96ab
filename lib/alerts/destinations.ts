import type { NotifySpec } from './config';
import {
  alertmanagerBody,
  signWebhook,
  SIGNATURE_HEADER,
  slackBody,
  TIMESTAMP_HEADER,
  webhookBody,
  type Notification,
} from './messages';

/** A destination ready to send to. `url` and `secret` never leave this module's callers' hands: pages show `host`. */
export interface Destination {
  name: string;
  kind: NotifySpec['kind'];
  url: string;
  host: string;
  secret: string | null;
  /** Slack allows one message per second per webhook. */
  minIntervalMs: number;
}

/** What pages and APIs may show of a destination. */
export interface DestinationView {
  name: string;
  kind: NotifySpec['kind'];
  host: string;
}

export class NotifyConfigError extends Error {}

/** Resolves `notify` against the environment; names the entry and variable, never a value. */
export function loadDestinations(
  specs: readonly NotifySpec[],
  env: Readonly<Record<string, string | undefined>>,
): Destination[] {
  return specs.map((spec, index) => {
    const where = `notify[${index}] (${spec.name})`;
    const variable = spec.url.slice('env:'.length);
    const raw = env[variable]?.trim();
    if (!raw) throw new NotifyConfigError(`${where}: environment variable ${variable} is not set`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new NotifyConfigError(`${where}: ${variable} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new NotifyConfigError(`${where}: ${variable} must be an http(s) URL`);
    let secret: string | null = null;
    if (spec.secret) {
      const secretVariable = spec.secret.slice('env:'.length);
      secret = env[secretVariable] ?? null;
      if (!secret)
        throw new NotifyConfigError(`${where}: environment variable ${secretVariable} is not set`);
    }
    const base =
      spec.kind === 'alertmanager'
        ? `${url.origin}${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`
        : url.toString();
    return {
      name: spec.name,
      kind: spec.kind,
      url: base,
      host: url.host,
      secret,
      minIntervalMs: spec.kind === 'slack' ? 1000 : 0,
    };
  });
}

export function destinationView(destination: Destination): DestinationView {
  return { name: destination.name, kind: destination.kind, host: destination.host };
}

export interface SendResult {
  ok: boolean;
  /** A short reason for the page and log: an HTTP status or an error class, never a URL. */
  detail: string;
}

export interface SendOptions {
  now: number;
  resendMs: number;
  timeoutMs?: number;
}

/** One HTTP request to one destination. Never throws; a non-2xx answer is a failure to retry. */
export async function sendNotification(
  destination: Destination,
  notification: Notification,
  options: SendOptions,
): Promise<SendResult> {
  const body = JSON.stringify(bodyFor(destination, notification, options));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'authscope',
  };
  if (destination.kind === 'webhook' && destination.secret) {
    const timestamp = Math.floor(options.now / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = signWebhook(destination.secret, timestamp, body);
  }
  try {
    const response = await fetch(destination.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { ok: response.ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (error instanceof Error ? error.name : 'error') };
  }
}

function bodyFor(
  destination: Destination,
  notification: Notification,
  options: SendOptions,
): unknown {
  switch (destination.kind) {
    case 'alertmanager':
      return alertmanagerBody(notification, options.now, options.resendMs);
    case 'slack':
      return slackBody(notification);
    case 'webhook':
      return webhookBody(notification);
  }
}

/** Exponential backoff with jitter: attempt n waits between half and all of 2^(n-1) s, capped at 5 min. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
