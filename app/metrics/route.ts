import { route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// The Prometheus text format; who may scrape is decided in proxy.ts (ROUTE_POLICY: metrics).
export const GET = route(async () => {
  const { registry } = (await getRuntime()).alerting.metrics;
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType },
  });
});
