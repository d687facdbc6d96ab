'use client';

import useSWR from 'swr';
import type { TrustView } from '../trust/view';
import { fetchJson } from './fetchJson';

export function useTrust(environment: string) {
  return useSWR<TrustView>(
    `/api/v1/environments/${encodeURIComponent(environment)}/trust`,
    (url: string) => fetchJson<TrustView>(url),
    // Cache ages move with the clock, and a trust set can change without a fingerprint change.
    { revalidateOnFocus: false, refreshInterval: 10_000 },
  );
}
