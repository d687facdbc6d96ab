import type { WebsocketWay } from '../config';

/**
 * pass: the token was accepted. fail: the target answered and refused it (a status outside the
 * expected ones, a refused upgrade, a close code). timeout / unreachable: no answer. login_failed
 * / token_error: no token to present, so the target was not tried — never a mismatch.
 */
export const PROBE_OUTCOMES = [
  'pass',
  'fail',
  'timeout',
  'unreachable',
  'login_failed',
  'token_error',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/** An HTTP target presents the token in the Authorization header only. */
export type ProbeWay = WebsocketWay;
export type TokenSourceKind = 'login' | 'mint';

/** One target × way of one run, as stored and shown: no token, no response body. */
export interface ProbeResult {
  runId: string;
  at: number;
  environment: string;
  probe: string;
  target: string;
  kind: 'http' | 'websocket';
  way: ProbeWay;
  service: string | null;
  instance: string | null;
  /** The URL without credentials or query (displayUrl). */
  url: string;
  outcome: ProbeOutcome;
  status: number | null;
  closeCode: number | null;
  /** A close reason or error, at most 200 characters, token-shaped text redacted. */
  reason: string | null;
  latencyMs: number | null;
  tokenSource: TokenSourceKind;
  /** The keyring key whose signature verifies the probe's token, if any. */
  signedBy: string | null;
}

export interface StoredProbeResult extends ProbeResult {
  seq: number;
  /** When this target × way entered its current state (outcome, status and close code). */
  since: number;
}
