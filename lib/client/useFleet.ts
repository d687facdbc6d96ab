'use client';

import useSWR from 'swr';
import type { EnvironmentFleet } from '../fleet/fleet';
import type { EnvironmentView, FleetChange } from '../fleet/views';
import { fetchJson } from './fetchJson';

export interface FleetResponse {
  generated_at: string;
  environments: EnvironmentFleet[];
}

// Live events revalidate these at once; the interval catches what no event announces (an
// instance going stale, a target becoming unreachable).
const OPTIONS = { refreshInterval: 10_000, revalidateOnFocus: false, keepPreviousData: true };

export function useFleet() {
  return useSWR<FleetResponse>(
    '/api/v1/fleet',
    (url: string) => fetchJson<FleetResponse>(url),
    OPTIONS,
  );
}

export function useEnvironment(environment: string) {
  return useSWR<EnvironmentView>(
    `/api/v1/environments/${encodeURIComponent(environment)}`,
    (url: string) => fetchJson<EnvironmentView>(url),
    OPTIONS,
  );
}

export function useFleetHistory(environment: string, since?: string) {
  const query = since ? `?since=${encodeURIComponent(since)}` : '';
  return useSWR<{ items: FleetChange[] }>(
    `/api/v1/environments/${encodeURIComponent(environment)}/history${query}`,
    (url: string) => fetchJson<{ items: FleetChange[] }>(url),
    OPTIONS,
  );
}
