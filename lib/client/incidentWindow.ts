/** The incident page's URL state: an environment, an absolute window, presentation options. */
export interface IncidentWindow {
  environment: string;
  from: string;
  to: string;
  present: boolean;
  theme: 'dark' | 'light';
}

/** Reads the URL; a missing window becomes the last hour, made absolute so a shared link is frozen. */
export function readIncidentWindow(
  params: URLSearchParams,
  environments: readonly string[],
  now: number,
): IncidentWindow {
  const valid = (value: string | null) =>
    value && !Number.isNaN(Date.parse(value)) ? new Date(Date.parse(value)).toISOString() : null;
  const to = valid(params.get('to')) ?? new Date(Math.ceil(now / 60_000) * 60_000).toISOString();
  const from = valid(params.get('from')) ?? new Date(Date.parse(to) - 3_600_000).toISOString();
  const environment = params.get('environment') ?? environments[0] ?? '';
  return {
    environment,
    from,
    to,
    present: params.get('present') === '1',
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
  };
}

export function incidentSearch(
  window: IncidentWindow,
  patch: Partial<IncidentWindow> = {},
): string {
  const next = { ...window, ...patch };
  const params = new URLSearchParams({
    environment: next.environment,
    from: next.from,
    to: next.to,
  });
  if (next.present) params.set('present', '1');
  if (next.present && next.theme === 'light') params.set('theme', 'light');
  return params.toString();
}

/** Minute buckets up to 6 hours, hours beyond: the same rule as the failures page. */
export function bucketFor(window: Pick<IncidentWindow, 'from' | 'to'>): 'minute' | 'hour' {
  return Date.parse(window.to) - Date.parse(window.from) > 6 * 3_600_000 ? 'hour' : 'minute';
}

/** The incident window around a clicked chart bucket: 15 minutes before it to 15 minutes after. */
export function spikeWindow(
  environment: string,
  bucketStart: string,
  bucket: 'minute' | 'hour',
): string {
  const start = Date.parse(bucketStart);
  const size = bucket === 'minute' ? 60_000 : 3_600_000;
  return new URLSearchParams({
    environment,
    from: new Date(start - 900_000).toISOString(),
    to: new Date(start + size + 900_000).toISOString(),
  }).toString();
}
