import path from 'node:path';
import type { Config } from '../config';
import { normalizeFailure, parseFailureInput, signerFinder, tokenFacts } from '../failures';
import type { InstanceState, KnownKey } from '../fleet';
import type { Keyring } from '../keys';
import { describeError, logEvent } from '../log';
import type { Store } from '../store';
import { resolverFinder } from '../triage';
import { probeFailureEvent } from './failureEvents';
import { ProbeRunner } from './runner';
import { probeState } from './state';
import type { ProbeResult, StoredProbeResult } from './types';

export interface ProbeDependencies {
  config: Config;
  keyring: Keyring;
  store: Store;
  env: NodeJS.ProcessEnv;
  fleetInstances: () => Promise<InstanceState[]>;
  fleetKeys: () => readonly KnownKey[];
  /** The fingerprint key: keys the markers of what ingest redacts. */
  redactionKey: Uint8Array;
  concurrency?: number;
}

/** The runtime's probe runner: results to the probe store, refusals to the failure store. */
export function createProbeRunner(deps: ProbeDependencies): ProbeRunner {
  const { config, keyring, store } = deps;
  const findSigner = signerFinder(keyring);
  const signerOf = async (token: string, environment: string) => {
    const jws = tokenFacts(token, deps.redactionKey).jws;
    return jws ? findSigner(jws, environment) : null;
  };
  const record = async (results: ProbeResult[], token: string | null) => {
    const stored = await store.probes.insert(results);
    await store.signals.notify('probes');
    logChanges(stored);
    if (token) await recordFailures(results, token, deps);
  };
  return new ProbeRunner({
    probes: config.probes,
    keys: config.keys,
    sources: { env: deps.env, baseDir: config.file ? path.dirname(config.file) : process.cwd() },
    signerOf,
    record,
    mayRun: () => store.isLeader(),
    onError: (error) => logEvent('error', 'probe_failed_to_record', describeError(error)),
    concurrency: deps.concurrency,
  });
}

/** A failed target goes through ingest's own validation, normalization and triage. */
async function recordFailures(
  results: ProbeResult[],
  token: string,
  deps: ProbeDependencies,
): Promise<void> {
  const events = results
    .map((result) => probeFailureEvent(result, token))
    .filter((event) => event !== null);
  if (events.length === 0) return;
  const parsed = parseFailureInput({ events });
  if (!parsed.ok) throw new Error('a probe failure event did not validate');
  const resolverOf = resolverFinder(await deps.fleetInstances(), deps.fleetKeys());
  const signerOf = signerFinder(deps.keyring);
  const receivedAt = Date.now();
  const failures = await Promise.all(
    parsed.events.map((event) =>
      normalizeFailure(event, event.environment!, {
        receivedAt,
        redactionKey: deps.redactionKey,
        signerOf,
        resolverOf,
        clockSkewSeconds: deps.config.clockSkewSeconds,
      }),
    ),
  );
  const inserted = await deps.store.failures.insert(failures);
  if (inserted.inserted > 0) await deps.store.signals.notify('failures');
}

/** One log line when a target × way changes state: names and codes, never the token. */
function logChanges(stored: StoredProbeResult[]): void {
  for (const result of stored) {
    if (result.since !== result.at) continue;
    logEvent(result.outcome === 'pass' ? 'info' : 'warn', 'probe_state', probeState(result));
  }
}
