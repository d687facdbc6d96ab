import type { InspectionReport } from '@/lib/inspect/report';

/** Which services of the environment would accept the token (from the fleet view). */
export function FleetVerdicts({ fleet }: { fleet: InspectionReport['fleet'] }) {
  if (fleet.services.length === 0) {
    return (
      <p className="muted">
        {fleet.environment
          ? `No service of ${fleet.environment} has reported a fingerprint yet, so no prediction.`
          : 'No environment chosen and no key verified the token, so no fleet prediction.'}
      </p>
    );
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Service</th>
          <th>Accepts</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {fleet.services.map((service) => (
          <tr key={service.service} className={service.accepts === false ? 'row-bad' : undefined}>
            <td>{service.service}</td>
            <td>{service.accepts === 'unknown' ? 'unknown' : service.accepts ? 'yes' : 'no'}</td>
            <td>{service.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
