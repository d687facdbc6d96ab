import type { IncidentReport } from '@/lib/incidents/report';

const time = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

/** The headline numbers of an incident window. */
export function IncidentFacts({ report }: { report: IncidentReport }) {
  const leading = report.causes[0];
  return (
    <dl className="incident-facts" data-testid="incident-facts">
      <div>
        <dt>failures</dt>
        <dd data-testid="fact-total">{report.total}</dd>
      </div>
      <div className="fact-time">
        <dt>first failure</dt>
        <dd data-testid="fact-first">{time(report.first_failure_at)}</dd>
      </div>
      <div className="fact-time">
        <dt>last failure</dt>
        <dd>{time(report.last_failure_at)}</dd>
      </div>
      <div>
        <dt>services</dt>
        <dd>{report.services.length}</dd>
      </div>
      <div>
        <dt>instances</dt>
        <dd>{report.instances.length}</dd>
      </div>
      <div>
        <dt>users</dt>
        <dd>{report.users.length}</dd>
      </div>
      {leading && (
        <div className="incident-lead">
          <dt>leading cause</dt>
          <dd data-testid="fact-cause">
            <strong>{leading.cause}</strong> — {Math.round(leading.share * 100)} %
            {leading.detail && <>: {leading.detail}</>}
          </dd>
        </div>
      )}
    </dl>
  );
}
