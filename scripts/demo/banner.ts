import { PRODUCTION_TIMINGS, type Scenario } from './scenarios';

interface BannerFacts {
  url: string;
  scenarios: readonly Scenario[];
  /** The asymmetric (public-key) fleet's environment, when it runs. */
  asymmetric: string | null;
  rate: number;
  /** The environment the sample token comes from, and the token. */
  tokenEnvironment: string;
  token: string;
}

/**
 * What the demo prints once it is up: where to look, what is broken, and the exact terminal
 * commands (the same verdicts as the pages) against this very dashboard.
 */
export function demoBanner(facts: BannerFacts): string {
  const { url, scenarios, asymmetric, rate, tokenEnvironment, token } = facts;
  const fleets = [...scenarios, ...(asymmetric ? [asymmetric] : [])];
  const minutes = Math.round(PRODUCTION_TIMINGS.healAfterMs / 60_000);
  const lines = [
    `authscope demo is running: ${url}`,
    '',
    `  ${fleets.join(', ')} fleet${fleets.length > 1 ? 's' : ''} on loopback, ${rate} simulated session(s) per second.`,
  ];
  if (scenarios.includes('staging'))
    lines.push(
      '  staging: backend-websocket skips the unset JWT_SECRET_STAGING and picks JWT_SECRET_KEY — REST works, WebSocket fails.',
    );
  if (scenarios.includes('production'))
    lines.push(
      '  production: one backend-websocket replica still holds v4 after a staggered restart; a rotation to v6 follows.',
      `  production recovers after about ${minutes} minutes, when that replica restarts onto v6; staging stays broken.`,
    );
  if (asymmetric)
    lines.push(
      `  ${asymmetric}: auth-edge signs ES256 from a real JWKS; at its key rotation api-edge-2 keeps its hour-long cache (stale_jwks) until it expires, a minute later.`,
    );
  const gated = scenarios.includes('staging') ? 'staging' : fleets[0];
  lines.push(
    '',
    `Paste this ${tokenEnvironment} token at ${url}/inspect to see which key signed it and which services accept it:`,
    '',
    token,
    '',
    'The same answers from a terminal (the dashboard has open access on loopback, so no --key):',
    '',
    `  npx authscope check --env ${gated} --url ${url}`,
    `  echo '${token}' | npx authscope inspect - --url ${url}`,
    '',
    'Press Ctrl-C to stop. It stops the dashboard and every simulated service.',
    '',
  );
  return lines.join('\n');
}
