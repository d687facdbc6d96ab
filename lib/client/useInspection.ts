'use client';

import useSWR from 'swr';
import type { InspectionReport } from '../inspect/report';
import { fetchJson } from './fetchJson';

/** Asks the server for the full report of `token`; null token means nothing to ask yet. */
export function useInspection(token: string | null, environment?: string) {
  return useSWR<InspectionReport>(
    token ? ['/api/v1/inspect', token, environment ?? ''] : null,
    ([url]: [string]) =>
      fetchJson<InspectionReport>(url, {
        method: 'POST',
        body: { token, environment: environment || undefined },
      }),
    { revalidateOnFocus: false, shouldRetryOnError: false, keepPreviousData: true },
  );
}
