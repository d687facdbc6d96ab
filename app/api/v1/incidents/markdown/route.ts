import { searchParamsObject } from '@/lib/failures';
import { route, validate } from '@/lib/http';
import { IncidentQuery, incidentMarkdown, loadIncident } from '@/lib/incidents';
import { getRuntime } from '@/lib/runtime';

/** The incident summary as Markdown, to paste into the write-up. */
export const GET = route(async (request: Request) => {
  const { fleet, store } = await getRuntime();
  const url = new URL(request.url);
  const query = validate(IncidentQuery, searchParamsObject(url.searchParams));
  fleet.requireEnvironment(query.environment);
  const report = await loadIncident(store, fleet.keys(), query);
  const share = `/incidents/new?${new URLSearchParams({ environment: query.environment, from: report.from, to: report.to })}`;
  return new Response(incidentMarkdown(report, share), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      // Reads as a date and time: incident-staging-2026-11-22_10-00Z.md
      'content-disposition': `attachment; filename="incident-${query.environment}-${report.from.slice(0, 16).replace('T', '_').replace(':', '-')}Z.md"`,
      'cache-control': 'no-store',
    },
  });
});
