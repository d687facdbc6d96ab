import type { IncomingHttpHeaders } from 'node:http';

/** Where the token came from in a request, as the demo services (and the incident's) read it. */
export interface PresentedToken {
  token: string | null;
  authorizationPresent: boolean;
  protocol: string | null;
}

/**
 * Authorization: Bearer … first; else a token in Sec-WebSocket-Protocol ("bearer, <token>");
 * else, for a WebSocket handshake's URL, the `token` query parameter.
 */
export function presentedToken(headers: IncomingHttpHeaders, url?: string): PresentedToken {
  const authorization = headers.authorization ?? null;
  const protocol =
    typeof headers['sec-websocket-protocol'] === 'string'
      ? headers['sec-websocket-protocol']
      : null;
  const fromHeader = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const fromProtocol =
    protocol
      ?.split(',')
      .map((part) => part.trim())
      .find((part) => part.split('.').length === 3) ?? null;
  const fromQuery = url ? new URL(url, 'http://localhost').searchParams.get('token') : null;
  return {
    token: fromHeader || fromProtocol || fromQuery,
    authorizationPresent: Boolean(authorization),
    protocol,
  };
}

/** The error payload in the shape the incident's services sent (the fixture's shape). */
export function failurePayload(input: {
  environment: string;
  context: 'websocket' | 'rest';
  presented: PresentedToken;
  errorCode: string;
  reason: string;
}) {
  const { token } = input.presented;
  const dots = token ? token.split('.').length - 1 : 0;
  return {
    type: 'error_message',
    error_code: input.errorCode,
    error_message: token
      ? `${input.reason} | Debug: ${token.length} chars, ${dots} dots`
      : input.reason,
    details: {
      environment: input.environment,
      failure_context: {
        auth_headers: {
          authorization_present: input.presented.authorizationPresent,
          authorization_preview:
            input.presented.authorizationPresent && token
              ? `Bearer ${token.slice(0, 23)}...`
              : '[MISSING]',
          websocket_protocol: input.presented.protocol ?? '[MISSING]',
        },
        token_characteristics: token
          ? {
              length: token.length,
              prefix: token.slice(0, 12),
              suffix: token.slice(-8),
              dot_count: dots,
              has_bearer_prefix: false,
            }
          : null,
        context: input.context,
        method: 'jwt_token',
        auth_service_response_status: 'present',
      },
    },
  };
}
