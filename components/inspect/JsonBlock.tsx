import type { ClaimTime } from '@/lib/jwt/browser';
import { relativeTime } from '@/lib/jwt/browser';

/** A JSON object, one member per line; time claims get their readable date beside them. */
export function JsonBlock({
  title,
  value,
  times = [],
}: {
  title: string;
  value: Record<string, unknown>;
  times?: ClaimTime[];
}) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      <dl className="json-members">
        {Object.entries(value).map(([name, member]) => {
          const time = times.find((entry) => entry.claim === name);
          return (
            <div key={name} className="json-member">
              <dt>{name}</dt>
              <dd>
                <code>{JSON.stringify(member)}</code>
                {time?.iso && (
                  <span className="muted">
                    {' '}
                    — {time.iso.replace('.000Z', 'Z')} ({relativeTime(time.seconds_from_now ?? 0)})
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
