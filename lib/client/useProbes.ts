'use client';

import useSWR, { mutate } from 'swr';
import type { EnvironmentProbesView } from '../probes/views';
import { fetchJson } from './fetchJson';

// A `probe` stream event reloads these when a result lands; the slow interval only catches what a
// dropped stream missed (never several APIs polled every second).
const OPTIONS = { refreshInterval: 60_000, revalidateOnFocus: false, keepPreviousData: true };

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
