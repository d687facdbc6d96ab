'use client';

import useSWR from 'swr';
import useSWRInfinite from 'swr/infinite';
import type { FailureDetail, FailurePage, FailureStats } from './failureTypes';
import { fetchJson } from './fetchJson';

const PAGE_SIZE = 500;

/** Pages of failures for `query` (URL search params without cursor), newest first. */
export function useFailurePages(query: string | null) {
  return useSWRInfinite<FailurePage>(
    (_index, previous: FailurePage | null) => {
      if (query === null || (previous && !previous.next_cursor)) return null;
      const cursor = previous?.next_cursor
        ? `&cursor=${encodeURIComponent(previous.next_cursor)}`
        : '';
      return `/api/v1/failures?${query}&limit=${PAGE_SIZE}${cursor}`;
    },
    (url: string) => fetchJson<FailurePage>(url),
    { revalidateFirstPage: true, revalidateOnFocus: false, keepPreviousData: true },
  );
}

/** The chart's counts for `query`; null waits (the range is not known yet). */
export function useFailureStats(query: string | null) {
  return useSWR<FailureStats>(
    query === null ? null : `/api/v1/failures/stats?${query}`,
    (url: string) => fetchJson<FailureStats>(url),
    {
      revalidateOnFocus: false,
      keepPreviousData: true,
    },
  );
}

export function useFailureDetail(id: string | null) {
  return useSWR<FailureDetail>(
    id ? `/api/v1/failures/${encodeURIComponent(id)}` : null,
    (url: string) => fetchJson<FailureDetail>(url),
  );
}
