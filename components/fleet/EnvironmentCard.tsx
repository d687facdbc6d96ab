import Link from 'next/link';
import type { EnvironmentFleet } from '@/lib/fleet/fleet';
import type { EnvironmentProbesView } from '@/lib/probes/views';
import { ProbeCardSummary } from '../probes/ProbeCardSummary';
import { consistencyStatus } from './consistencyStatus';
import { groupColor, groupLabel } from './groupColors';
import { Sparkline } from './Sparkline';
import { StatusBadge } from './StatusBadge';

export interface CardFailures {
  total: number;
  perMinute: number[];
  /** The start of the last minute with a failure in the hour, or null when it had none. */
  lastFailureMinute: number | null;
}

/** One environment on the overview: consistent or mismatch first, then who resolved what. */
export function EnvironmentCard({
  fleet,
  failures,
  now,
  probes,
}: {
  fleet: EnvironmentFleet;
  failures: CardFailures | null;
  now: number;
  probes?: EnvironmentProbesView;
}) {
  const status = consistencyStatus(fleet.purposes);
  const lastSeen = fleet.purposes.flatMap((purpose) =>
    purpose.groups.flatMap((group) =>
      group.members.map((member) => Date.parse(member.last_seen_at)),
    ),
  );
  const newest = lastSeen.length ? Math.max(...lastSeen) : null;
  return (
    <section
      className={`panel env-card env-card-${status}`}
      data-testid={`env-card-${fleet.environment}`}
      data-status={status}
    >
      <header className="env-card-head">
        <h2>
          <Link href={`/environments/${encodeURIComponent(fleet.environment)}`}>
            {fleet.environment}
          </Link>
        </h2>
        <StatusBadge status={status} />
      </header>
      {fleet.purposes.map((purpose) => (
        <div key={purpose.purpose} className="env-purpose">
          {fleet.purposes.length > 1 && <p className="muted">{purpose.purpose}</p>}
          {purpose.groups.length === 0 && (
            <p className="muted">No service has reported a fingerprint yet.</p>
          )}
          {purpose.groups.map((group, index) => (
            <div key={group.id} className="env-group" style={{ borderColor: groupColor(index) }}>
              <p className="env-group-label" style={{ color: groupColor(index) }}>
                {groupLabel(group)}
              </p>
              <ul className="env-members">
                {group.members.map((member) => (
                  <li key={`${member.service}/${member.instance}`}>
                    <strong>{member.service}</strong>{' '}
                    <span className="muted">{member.instance}</span>
                    {member.source && (
                      <>
                        {' '}
                        · <code>{member.source}</code>
                      </>
                    )}
                    {member.version && <span className="muted"> v{member.version}</span>}
                    {member.stale && <span className="warning-text"> · stale</span>}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {purpose.unreachable.map((target) => (
            <p key={target.url} className="warning-text">
              Unreachable: {target.service ?? target.url} — {target.error}
            </p>
          ))}
        </div>
      ))}
      <ProbeCardSummary view={probes} now={now} />
      {failures && <RecoveryNote status={status} failures={failures} now={now} />}
      <footer className="env-card-foot">
        <div>
          <span
            className={
              failures && failures.total > 0
                ? status === 'consistent'
                  ? 'warning-text'
                  : 'error-text'
                : 'muted'
            }
          >
            {failures ? failures.total : '…'} failure(s)
          </span>
          <span className="muted"> in the last hour</span>
        </div>
        {failures && <Sparkline values={failures.perMinute} />}
        <span className="muted">
          {newest ? `last report ${ago(now - newest)} ago` : 'no reports'}
        </span>
      </footer>
    </section>
  );
}

/**
 * Green beside a red count would contradict itself: a consistent card with failures in the hour
 * says whether they stopped (and when) or still arrive, beside their per-minute trend.
 */
function RecoveryNote({
  status,
  failures,
  now,
}: {
  status: string;
  failures: CardFailures;
  now: number;
}) {
  if (status !== 'consistent' || failures.lastFailureMinute === null) return null;
  const quietSince = failures.lastFailureMinute + 60_000;
  const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  // Counts are per minute: a failure late in the previous minute may be seconds old, so only a
  // whole quiet minute reads as recovered (else "recovered 1 s ago" right after a failure).
  const stillFailing = quietSince + 60_000 > Math.floor(now / 60_000) * 60_000;
  return (
    <p className="muted env-recovery" data-testid="env-recovery">
      {stillFailing
        ? `Keys agree, but failures still arrive (latest at ${clock(failures.lastFailureMinute)} UTC).`
        : `Recovered: no failure since ${clock(quietSince)} UTC (${ago(now - quietSince)} ago).`}
    </p>
  );
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
