'use client';

import useSWR, { mutate } from 'swr';
import type { EnvironmentProbesView } from '../probes/views';
import { fetchJson } from './fetchJson';

// Probes run every 30 s by default; polling a little faster shows a new result soon after it lands.
const OPTIONS = { refreshInterval: 5_000, revalidateOnFocus: false, keepPreviousData: true };

export function useProbes() {
  return useSWR<{ environments: EnvironmentProbesView[] }>(
    '/api/v1/probes',
    (url: string) => fetchJson<{ environments: EnvironmentProbesView[] }>(url),
    OPTIONS,
  );
}

const environmentProbesKey = (environment: string) =>
  `/api/v1/environments/${encodeURIComponent(environment)}/probes`;

export function useEnvironmentProbes(environment: string) {
  return useSWR<EnvironmentProbesView>(
    environmentProbesKey(environment),
    (url: string) => fetchJson<EnvironmentProbesView>(url),
    OPTIONS,
  );
}

/** On a `probe` stream event: reload the environment's probe panel now rather than at the next poll. */
export function refreshEnvironmentProbes(environment: string): void {
  void mutate(environmentProbesKey(environment));
}
