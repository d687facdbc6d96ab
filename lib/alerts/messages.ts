import { createHmac } from 'node:crypto';
import type { AlertState, TransitionKind } from './types';

/** What every destination gets for one transition: the alert, its link and what happened. */
export interface Notification {
  transition: TransitionKind;
  alert: AlertState;
  link: string;
}

/** Alertmanager v2: `POST /api/v2/alerts` takes a list; endsAt in the future keeps it firing. */
export function alertmanagerBody(
  notification: Notification,
  now: number,
  resendMs: number,
): unknown[] {
  const { alert } = notification;
  const resolved = notification.transition === 'resolved';
  // While firing, endsAt a few re-send intervals ahead: if authscope dies, the alert expires.
  const endsAt = resolved ? (alert.endsAt ?? now) : now + 4 * resendMs;
  return [
    {
      labels: { alertname: alert.kind, ...alert.labels, source: 'authscope' },
      annotations: { summary: alert.summary, key: alert.key },
      startsAt: new Date(alert.startsAt ?? alert.activeSince).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      generatorURL: notification.link,
    },
  ];
}

/** Slack incoming webhook: plain `text` for notifications, `blocks` for the channel. */
export function slackBody(notification: Notification): unknown {
  const { alert } = notification;
  const state = notification.transition === 'resolved' ? 'RESOLVED' : 'FIRING';
  const text = `[${state}] ${alert.kind}: ${alert.summary}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*[${state}] ${alert.kind}* (${alert.environment})\n${escapeSlack(alert.summary)}`,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${notification.link}|Open in authscope> · key \`${escapeSlack(alert.key)}\``,
          },
        ],
      },
    ],
  };
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The generic webhook's JSON: one object per transition; `key` lets a receiver collapse duplicates. */
export function webhookBody(notification: Notification): unknown {
  const { alert } = notification;
  return {
    key: alert.key,
    transition: notification.transition,
    status: alert.status,
    kind: alert.kind,
    environment: alert.environment,
    subject: alert.subject,
    labels: alert.labels,
    summary: alert.summary,
    starts_at: new Date(alert.startsAt ?? alert.activeSince).toISOString(),
    ends_at: alert.endsAt === null ? null : new Date(alert.endsAt).toISOString(),
    link: notification.link,
  };
}

export const SIGNATURE_HEADER = 'x-authscope-signature';
export const TIMESTAMP_HEADER = 'x-authscope-timestamp';

/**
 * `x-authscope-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, with the
 * Unix seconds in `x-authscope-timestamp`: the timestamp is signed so a replay can be refused.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Dashboard link with a frozen window around the alert (the incident view of its environment). */
export function alertLink(
  baseUrl: string,
  alert: Pick<AlertState, 'environment' | 'activeSince' | 'endsAt'>,
  now: number,
): string {
  const from = new Date(
    Math.floor((alert.activeSince - 15 * 60_000) / 60_000) * 60_000,
  ).toISOString();
  const to = new Date(
    Math.ceil(((alert.endsAt ?? now) + 5 * 60_000) / 60_000) * 60_000,
  ).toISOString();
  const params = new URLSearchParams({ environment: alert.environment, from, to });
  return `${baseUrl.replace(/\/+$/, '')}/incidents/new?${params.toString()}`;
}
