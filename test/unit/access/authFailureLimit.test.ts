import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../lib/access/trustedProxy';
import { readSettings } from '../../../lib/runtime/settings';

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;
const rateLimitsFrom = (values: NodeJS.ProcessEnv) => readSettings(values).rateLimits;
const loadTrustedProxy = (values: NodeJS.ProcessEnv) => readSettings(values).trustedProxy;

describe('the limit on wrong credentials', () => {
  it('defaults to 20 a minute with a burst of 20', () => {
    const { authFailures } = rateLimitsFrom(env({}));
    expect(authFailures.rate * 60).toBeCloseTo(20);
    expect(authFailures.burst).toBe(20);
  });

  it('reads AUTHSCOPE_RATE_AUTH_FAILURES', () => {
    const { authFailures } = rateLimitsFrom(env({ AUTHSCOPE_RATE_AUTH_FAILURES: '5/m,5' }));
    expect(authFailures.rate * 60).toBeCloseTo(5);
    expect(authFailures.burst).toBe(5);
  });

  it('refuses a malformed AUTHSCOPE_RATE_AUTH_FAILURES, naming the variable', () => {
    expect(() => rateLimitsFrom(env({ AUTHSCOPE_RATE_AUTH_FAILURES: 'lots' }))).toThrow(
      /AUTHSCOPE_RATE_AUTH_FAILURES/,
    );
  });
});

describe('the client a limit is kept for', () => {
  const proxy = loadTrustedProxy(
    env({
      AUTHSCOPE_TRUST_PROXY_HEADER: 'x-forwarded-email',
      AUTHSCOPE_TRUSTED_PROXIES: '10.0.0.5',
    }),
  );

  it('is the socket peer, whatever X-Forwarded-For a direct client sends', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', proxy)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', null, null)).toBe('203.0.113.7');
  });

  it('is the address the trusted proxy appended, so clients behind one proxy are told apart', () => {
    expect(clientAddress('10.0.0.5', 'spoofed-by-client, 198.51.100.1', proxy)).toBe(
      '198.51.100.1',
    );
    expect(clientAddress('10.0.0.5', '198.51.100.2', proxy)).not.toBe(
      clientAddress('10.0.0.5', '198.51.100.1', proxy),
    );
  });
});
