import type { ProbeCellView } from '@/lib/probes/views';

export const WAY_LABELS: Record<ProbeCellView['way'], string> = {
  authorization: 'Authorization header',
  subprotocol: 'Subprotocol',
  query: 'Query parameter',
};

/** "✗ 1008", "✓ 200", "✗ timeout", "✗ login failed", "…" — what a cell says at a glance. */
export function cellText(cell: ProbeCellView): string {
  if (cell.outcome === null) return '… not run yet';
  const mark = cell.outcome === 'pass' ? '✓' : '✗';
  if (cell.close_code !== null && cell.outcome !== 'pass') return `${mark} ${cell.close_code}`;
  if (cell.status !== null) return `${mark} ${cell.status}`;
  return `${mark} ${cell.outcome.replace('_', ' ')}`;
}

export function sinceText(since: string | null, now: number): string {
  if (!since) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129_600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
