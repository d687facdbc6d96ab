import type { IncidentReport } from '@/lib/incidents/report';

export function CausesTable({ causes }: { causes: IncidentReport['causes'] }) {
  return (
    <table className="table" data-testid="causes-table">
      <thead>
        <tr>
          <th>cause</th>
          <th>failures</th>
          <th>share</th>
          <th>explanation</th>
        </tr>
      </thead>
      <tbody>
        {causes.map((entry) => (
          <tr key={entry.cause}>
            <td>
              <strong>{entry.cause}</strong>
            </td>
            <td>{entry.count}</td>
            <td>{Math.round(entry.share * 100)} %</td>
            <td>{entry.detail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who signed the failing tokens against what each failing service resolved: the root cause, visible. */
export function SignerResolverMatrix({ rows }: { rows: IncidentReport['signer_vs_resolver'] }) {
  if (rows.length === 0) return <p className="muted">No failure in this window.</p>;
  return (
    <table className="table" data-testid="signer-resolver">
      <thead>
        <tr>
          <th>token signed by</th>
          <th>failing service</th>
          <th>it resolves</th>
          <th>from</th>
          <th>failures</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${row.signed_by}|${row.service}|${row.resolved_key}|${row.resolved_source}`}
            className={row.signed_by && row.resolved_key !== row.signed_by ? 'row-bad' : undefined}
          >
            <td>{row.signed_by ?? <span className="muted">no known key</span>}</td>
            <td>{row.service ?? '—'}</td>
            <td>
              {row.resolved_key ??
                (row.resolved_source ? (
                  <span className="muted">a key authscope does not hold</span>
                ) : (
                  <span className="muted">not reported</span>
                ))}
            </td>
            <td>{row.resolved_source ? <code>{row.resolved_source}</code> : '—'}</td>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Counts first; the names only when asked for (they may be personal). */
export function AffectedList({ report }: { report: IncidentReport }) {
  return (
    <div className="columns">
      <div>
        <h3>Services</h3>
        <ul className="plain-list">
          {report.services.map((entry) => (
            <li key={entry.service ?? '-'}>
              {entry.service ?? 'unknown'} · {entry.count}
            </li>
          ))}
        </ul>
      </div>
      <details>
        <summary>{report.instances.length} instance(s)</summary>
        <ul className="plain-list">
          {report.instances.map((entry) => (
            <li key={`${entry.service}/${entry.instance}`}>
              {entry.service}/{entry.instance ?? '?'} · {entry.count}
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>{report.users.length} user(s)</summary>
        <ul className="plain-list">
          {report.users.map((entry) => (
            <li key={entry.user}>
              {entry.user} · {entry.count}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
