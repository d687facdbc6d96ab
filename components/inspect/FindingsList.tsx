import type { Finding } from '@/lib/jwt/browser';

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="ok">No findings: nothing risky in this token.</p>;
  return (
    <ul className="findings">
      {findings.map((finding) => (
        <li key={finding.code + finding.message} className={`finding severity-${finding.severity}`}>
          <span className="badge">{finding.severity}</span> <code>{finding.code}</code>{' '}
          {finding.message}
        </li>
      ))}
    </ul>
  );
}
