import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config';

describe('config: notify and alerts', () => {
  it('defaults the alert thresholds', () => {
    const config = parseConfig({}, 'authscope.json');
    expect(config.notify).toEqual([]);
    expect(config.alerts).toEqual({
      for: '60s',
      failureSpike: { threshold: 50, window: '5m' },
      probeFailing: { runs: 3 },
      rotationIncomplete: { after: '10m' },
      resendEvery: '60s',
      evaluateEvery: '5s',
    });
  });

  it.each([
    [
      {
        notify: [
          {
            name: 'hook',
            kind: 'webhook',
            url: 'https://hooks.example.com/T/B/secret',
            secret: 'env:K',
          },
        ],
      },
      'authscope.json: notify[0].url: expected env:NAME (webhook URLs and secrets are never written in the config)',
    ],
    [
      { notify: [{ name: 'hook', kind: 'webhook', url: 'env:HOOK' }] },
      'authscope.json: notify[0].secret: a webhook needs "secret": env:NAME (the HMAC-SHA256 key)',
    ],
    [
      { notify: [{ name: 'am', kind: 'alertmanager', url: 'env:AM', secret: 'env:K' }] },
      'authscope.json: notify[0].secret: "secret" applies to kind "webhook" only',
    ],
    [
      { notify: [{ name: 'pager', kind: 'pagerduty', url: 'env:PD' }] },
      'authscope.json: notify[0].kind:',
    ],
    [{ alerts: { for: 'soon' } }, 'authscope.json: alerts.for: expected a duration'],
    [
      { alerts: { rotationIncomplete: { after: 'later' } } },
      'authscope.json: alerts.rotationIncomplete.after: expected a duration such as "30s", "10m", "24h"',
    ],
    [
      { alerts: { failureSpike: { threshold: 0 } } },
      'authscope.json: alerts.failureSpike.threshold:',
    ],
  ])('refuses %j, naming the field', (json, message) => {
    expect(() => parseConfig(json, 'authscope.json')).toThrow(message);
  });
});
