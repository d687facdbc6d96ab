'use client';

import useSWRInfinite from 'swr/infinite';
import type { FailureGroupPage } from './failureTypes';
import { fetchJson } from './fetchJson';

const PAGE_SIZE = 50;

/** Pages of failure groups for `query` (the list's filters; null: none), most recently failing first. */
export function useFailureGroups(query: string | null) {
  return useSWRInfinite<FailureGroupPage>(
    (_index, previous: FailureGroupPage | null) => {
      if (query === null || (previous && !previous.next_cursor)) return null;
      const cursor = previous?.next_cursor
        ? `&cursor=${encodeURIComponent(previous.next_cursor)}`
        : '';
      return `/api/v1/failures/groups?${query}&limit=${PAGE_SIZE}${cursor}`;
    },
    (url: string) => fetchJson<FailureGroupPage>(url),
    { revalidateFirstPage: true, revalidateOnFocus: false, keepPreviousData: true },
  );
}
