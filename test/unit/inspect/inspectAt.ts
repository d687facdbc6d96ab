import { inspectToken, type InspectionKeyring, type InspectionReport } from '../../../lib/inspect';

/** Every inspection in these tests happens at this instant (an injected now, never the clock). */
export const NOW = new Date('2026-03-01T12:00:00Z');
export const NOW_S = NOW.getTime() / 1000;

export function inspectAt(pasted: string, keyring: InspectionKeyring): Promise<InspectionReport> {
  return inspectToken(pasted, {
    keyring,
    now: NOW,
    clockSkewSeconds: 60,
    maxLifetimeSeconds: 24 * 3600,
  });
}

export const codesOf = (report: InspectionReport) => report.findings.map((finding) => finding.code);
