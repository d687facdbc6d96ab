'use client';

import useSWR from 'swr';
import type { EnvironmentProbesView } from '../probes/views';
import { fetchJson } from './fetchJson';

// Probes run every 30 s by default; polling a little faster shows a new result soon after it lands.
const OPTIONS = { refreshInterval: 5_000, revalidateOnFocus: false, keepPreviousData: true };

export function useProbes() {
  return useSWR<{ environments: EnvironmentProbesView[] }>('/api/v1/probes', (url: string) => fetchJson<{ environments: EnvironmentProbesView[] }>(url), OPTIONS);
}

export function useEnvironmentProbes(environment: string) {
  return useSWR<EnvironmentProbesView>(`/api/v1/environments/${encodeURIComponent(environment)}/probes`, (url: string) => fetchJson<EnvironmentProbesView>(url), OPTIONS);
}
