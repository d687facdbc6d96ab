import type { ParsedToken } from '@/lib/jwt/browser';

const PART_CLASS = ['part-header', 'part-payload', 'part-signature', 'part-extra', 'part-extra'];

/** The token with each dot-separated part in its own colour, as on jwt.io. */
export function TokenParts({ token, parsed }: { token: string; parsed: ParsedToken }) {
  const segments = token.split('.');
  return (
    <pre className="token-parts" aria-label="token parts">
      {segments.map((segment, index) => (
        <span key={index}>
          {index > 0 && <span className="part-dot">.</span>}
          <span
            className={`${PART_CLASS[index] ?? 'part-extra'}${parsed.parts[index]?.valid === false ? ' part-invalid' : ''}`}
            title={
              parsed.parts[index]
                ? `${parsed.parts[index].name}: ${segment.length} chars`
                : undefined
            }
          >
            {segment}
          </span>
        </span>
      ))}
    </pre>
  );
}
