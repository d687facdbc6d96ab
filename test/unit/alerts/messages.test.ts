import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  alertLink,
  alertmanagerBody,
  loadDestinations,
  retryDelay,
  signWebhook,
  slackBody,
  webhookBody,
  type AlertState,
  type Notification,
} from '../../../lib/alerts';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const alert: AlertState = {
  key: 'staging/fleet_mismatch/access-token',
  environment: 'staging',
  kind: 'fleet_mismatch',
  subject: 'access-token',
  labels: { environment: 'staging', purpose: 'access-token' },
  summary:
    'staging: backend-websocket resolves staging-legacy from env:JWT_SECRET_KEY; auth-service and backend-rest resolve staging-primary',
  status: 'firing',
  activeSince: T0 - 60_000,
  startsAt: T0,
  endsAt: null,
  notifiedAt: T0,
  silencedUntil: null,
};
const notification: Notification = {
  transition: 'firing',
  alert,
  link: 'http://127.0.0.1:3000/incidents/new?environment=staging',
};

describe('notification bodies', () => {
  it('gives Alertmanager labels, annotations, times and the generator URL; endsAt ahead while firing', () => {
    const [body] = alertmanagerBody(notification, T0, 60_000) as Array<Record<string, unknown>>;
    expect(body).toEqual({
      labels: {
        alertname: 'fleet_mismatch',
        environment: 'staging',
        purpose: 'access-token',
        source: 'authscope',
      },
      annotations: { summary: alert.summary, key: alert.key },
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 240_000).toISOString(),
      generatorURL: notification.link,
    });
  });

  it('ends the Alertmanager alert at its resolve time', () => {
    const resolved = {
      ...notification,
      transition: 'resolved' as const,
      alert: { ...alert, status: 'resolved' as const, endsAt: T0 + 90_000 },
    };
    const [body] = alertmanagerBody(resolved, T0 + 100_000, 60_000) as Array<{ endsAt: string }>;
    expect(body!.endsAt).toBe(new Date(T0 + 90_000).toISOString());
  });

  it('gives Slack a text and blocks with the link', () => {
    const body = slackBody(notification) as { text: string; blocks: Array<{ type: string }> };
    expect(body.text).toBe(`[FIRING] fleet_mismatch: ${alert.summary}`);
    expect(body.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(JSON.stringify(body.blocks)).toContain(
      '<http://127.0.0.1:3000/incidents/new?environment=staging|Open in authscope>',
    );
  });

  it('carries the stable key in the webhook body so a receiver can collapse duplicates', () => {
    expect(webhookBody(notification)).toMatchObject({
      key: alert.key,
      transition: 'firing',
      status: 'firing',
      summary: alert.summary,
      ends_at: null,
    });
  });
});

describe('webhook signature', () => {
  it('verifies the way docs/alerts.md tells a receiver to', () => {
    const body = JSON.stringify(webhookBody(notification));
    const header = signWebhook('receiver-secret', 1_795_000_000, body);
    const expected = `sha256=${createHmac('sha256', 'receiver-secret').update(`1795000000.${body}`).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(header), Buffer.from(expected))).toBe(true);
    expect(signWebhook('receiver-secret', 1_795_000_001, body)).not.toBe(header);
    expect(signWebhook('other-secret', 1_795_000_000, body)).not.toBe(header);
  });
});

describe('destinations', () => {
  const env = {
    AM_URL: 'http://127.0.0.1:9093/',
    HOOK_URL: 'https://hooks.example.com/services/T000/B000/XXXXSECRET',
    HOOK_KEY: 'k',
  };

  it('reads URLs and secrets from the environment and shows the host only', () => {
    const [am, hook] = loadDestinations(
      [
        { name: 'am', kind: 'alertmanager', url: 'env:AM_URL' },
        { name: 'hook', kind: 'webhook', url: 'env:HOOK_URL', secret: 'env:HOOK_KEY' },
      ],
      env,
    );
    expect(am).toMatchObject({
      url: 'http://127.0.0.1:9093/api/v2/alerts',
      host: '127.0.0.1:9093',
    });
    expect(hook).toMatchObject({ host: 'hooks.example.com', secret: 'k' });
  });

  it.each([
    [
      { name: 'x', kind: 'slack' as const, url: 'env:MISSING' },
      'notify[0] (x): environment variable MISSING is not set',
    ],
    [
      { name: 'x', kind: 'webhook' as const, url: 'env:HOOK_URL', secret: 'env:NOPE' },
      'notify[0] (x): environment variable NOPE is not set',
    ],
  ])('names the variable that is missing, never a value', (spec, message) => {
    expect(() => loadDestinations([spec], env)).toThrow(message);
  });
});

describe('retryDelay', () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [5, 8000, 16_000],
    [30, 150_000, 300_000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(retryDelay(attempt, () => 0)).toBe(low);
    expect(retryDelay(attempt, () => 1)).toBe(high);
  });
});

describe('alertLink', () => {
  it('freezes the window around the alert in the incident view', () => {
    const url = new URL(
      alertLink(
        'http://127.0.0.1:3000/',
        { environment: 'staging', activeSince: T0, endsAt: T0 + 120_000 },
        T0 + 999_000,
      ),
    );
    expect(url.pathname).toBe('/incidents/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      environment: 'staging',
      from: '2026-11-22T09:45:00.000Z',
      to: '2026-11-22T10:07:00.000Z',
    });
  });
});
