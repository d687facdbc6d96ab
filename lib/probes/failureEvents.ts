import type { ProbeResult } from './types';

/**
 * A failed target as a failure event in the ingest payload's shape (context `probe`, the
 * target's service), so it is normalized, triaged and charted like a service's own report.
 * Only refusals count: a timeout or an unreachable target says nothing about the token.
 */
export function probeFailureEvent(
  result: ProbeResult,
  token: string,
): Record<string, unknown> | null {
  if (result.outcome !== 'fail') return null;
  return {
    event_id: `probe:${result.runId}:${result.target}:${result.way}`.slice(0, 200),
    environment: result.environment,
    service: result.service,
    instance: result.instance,
    occurred_at: new Date(result.at).toISOString(),
    close_code: result.closeCode,
    // Analysed (signer, claims) by normalization and dropped there: only its facts are stored.
    token,
    type: 'probe_failure',
    error_code: errorCode(result),
    error_message: `probe ${result.probe}: ${result.target} via ${result.way} ${describe(result)}`,
    details: {
      environment: result.environment,
      service: result.service,
      failure_context: {
        context: 'probe',
        method: result.way,
        auth_headers: {
          authorization_present: result.way === 'authorization',
          websocket_protocol:
            result.way === 'subprotocol' ? '(the probe token as a subprotocol)' : '[missing]',
        },
      },
    },
  };
}

function errorCode(result: ProbeResult): string {
  if (result.kind === 'http') return `HTTP_${result.status ?? 'ERROR'}`;
  if (result.closeCode !== null) return `WS_CLOSE_${result.closeCode}`;
  if (result.status !== null) return `WS_UPGRADE_${result.status}`;
  return 'WS_HANDSHAKE_FAILED';
}

function describe(result: ProbeResult): string {
  if (result.closeCode !== null)
    return `closed ${result.closeCode}${result.reason ? ` "${result.reason}"` : ''}`;
  if (result.status !== null) return `answered HTTP ${result.status}`;
  return result.reason ?? 'failed';
}
