import { secretsEqual } from './secrets';
import { normalizeAddress } from './trustedProxy';

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1)$/;

/**
 * /metrics: the metrics token when one is configured (a viewer token does not open it: scrape
 * configs should not hold a viewer's credential); without one, loopback peers only.
 */
export function mayScrape(
  bearer: string | null,
  peer: string | null,
  token: string | null,
): 'ok' | 'unauthorized' | 'forbidden' {
  if (token) return bearer && secretsEqual(bearer, token) ? 'ok' : 'unauthorized';
  return peer && LOOPBACK_PEER.test(normalizeAddress(peer)) ? 'ok' : 'forbidden';
}
