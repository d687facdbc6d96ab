import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../../lib/access';
import { readSettings, SettingsError } from '../../../lib/runtime/settings';

const read = (values: Record<string, string>) =>
  readSettings(values as unknown as NodeJS.ProcessEnv);

describe('the settings: every environment variable, read once (lib/runtime/settings.ts)', () => {
  it('has a default for everything, so an empty environment starts', () => {
    const settings = read({});
    expect(settings).toMatchObject({
      configFile: null,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      host: '127.0.0.1',
      publicUrl: null,
      dashboardUrl: 'http://127.0.0.1:3000',
      retentionDays: 14,
      staleAfterMs: null,
      rateLimits: DEFAULT_RATE_LIMITS,
      viewerTokens: [],
      ingestKeys: [],
      metricsToken: null,
      trustedProxy: null,
    });
  });

  it('treats a blank variable as unset', () => {
    expect(read({ AUTHSCOPE_RETENTION_DAYS: '  ', AUTHSCOPE_METRICS_TOKEN: '' })).toMatchObject({
      retentionDays: 14,
      metricsToken: null,
    });
  });

  it('parses each format', () => {
    const settings = read({
      AUTHSCOPE_RETENTION_DAYS: '0.5',
      AUTHSCOPE_STALE_AFTER: '90s',
      AUTHSCOPE_INGEST_MAX_PENDING: '8',
      AUTHSCOPE_RATE_INGEST: '50/s',
      AUTHSCOPE_RATE_SIGN_IN: '6/m,3',
      AUTHSCOPE_PUBLIC_URL: 'https://authscope.example.com',
      AUTHSCOPE_VIEWER_TOKENS: ' a , ,b ',
      HOST: '0.0.0.0',
      PORT: '4000',
      DATABASE_URL: 'postgres://db/authscope',
    });
    expect(settings.retentionDays).toBe(0.5);
    expect(settings.staleAfterMs).toBe(90_000);
    expect(settings.admission.maxRequests).toBe(8);
    expect(settings.rateLimits.ingest).toEqual({ rate: 50, burst: 100 });
    expect(settings.rateLimits.signIn).toEqual({ rate: 0.1, burst: 3 });
    expect(settings.viewerTokens).toEqual(['a', 'b']);
    expect(settings.dashboardUrl).toBe('https://authscope.example.com/');
    expect(settings.publicUrl?.host).toBe('authscope.example.com');
    expect(settings.databaseUrl).toBe('postgres://db/authscope');
  });

  it('needs both the header and the addresses for trusted-proxy mode', () => {
    expect(read({ AUTHSCOPE_TRUST_PROXY_HEADER: 'X-Forwarded-Email' }).trustedProxy).toBeNull();
    const proxy = read({
      AUTHSCOPE_TRUST_PROXY_HEADER: 'X-Forwarded-Email',
      AUTHSCOPE_TRUSTED_PROXIES: '::ffff:10.0.0.5, 10.0.0.6',
    }).trustedProxy;
    expect(proxy?.header).toBe('x-forwarded-email');
    expect([...(proxy?.addresses ?? [])]).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it('names every malformed variable at once, one a line, without echoing more than a prefix', () => {
    const long = 'x'.repeat(500);
    let error: unknown;
    try {
      read({
        AUTHSCOPE_RETENTION_DAYS: '-1',
        AUTHSCOPE_STALE_AFTER: 'soon',
        AUTHSCOPE_RATE_INSPECT: long,
        AUTHSCOPE_PUBLIC_URL: 'ftp://example.com',
        DATABASE_URL: 'mysql://db',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const lines = (error as Error).message.split('\n');
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([
      'AUTHSCOPE_PUBLIC_URL',
      'AUTHSCOPE_RATE_INSPECT',
      'AUTHSCOPE_RETENTION_DAYS',
      'AUTHSCOPE_STALE_AFTER',
      'DATABASE_URL',
    ]);
    expect((error as Error).message).not.toContain(long);
  });
});
