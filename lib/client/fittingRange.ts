'use client';

import { useState } from 'react';
import useSWR from 'swr';
import type { FailureStats } from './failureTypes';
import { fetchJson } from './fetchJson';
import { RANGES } from './timeRange';

type PresetName = keyof typeof RANGES;
const PRESETS = Object.keys(RANGES) as PresetName[];
const SIX_HOURS = RANGES['6h'];

/**
 * The smallest preset that shows every failure since `firstFailureAt`, with a little room on the
 * left so the first bar is not on the edge. No failures at all: the last hour.
 */
export function fittingRange(firstFailureAt: number | null, now: number): PresetName {
  if (firstFailureAt === null) return '1h';
  const needed = (now - firstFailureAt) * 1.1 + 60_000;
  return PRESETS.find((name) => RANGES[name] >= needed) ?? '7d';
}

/** The start of the first bucket that holds a failure, or null. */
export function firstFailureBucket(stats: FailureStats | undefined): number | null {
  const point = stats?.points.find((candidate) =>
    Object.values(candidate.counts).some((count) => count > 0),
  );
  return point ? Date.parse(point.t) : null;
}

const statsUrl = (environment: string | null, since: number, until: number, bucket: string) =>
  `/api/v1/failures/stats?${new URLSearchParams({
    ...(environment === null ? {} : { environment }),
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    bucket,
  })}`;

/**
 * The default range of the environment page and of /failures, fitted to the failures of
 * `environment` (null: of every environment): hourly counts over 7 days
 * find the first failure; when it is recent, minute counts over 6 hours place it exactly (a demo
 * that started 5 minutes ago gets 15 minutes, not an empty 6-hour chart). `enabled` false (the
 * user chose a range) asks for nothing.
 */
export function useFittingRange(environment: string | null, enabled: boolean): PresetName | null {
  const [now] = useState(() => Date.now());
  const fetcher = (url: string) => fetchJson<FailureStats>(url);
  const options = { revalidateOnFocus: false, revalidateIfStale: false };
  const hours = useSWR(
    enabled ? statsUrl(environment, now - RANGES['7d'], now, 'hour') : null,
    fetcher,
    options,
  );
  const firstHour = firstFailureBucket(hours.data);
  const recent = firstHour !== null && now - firstHour <= SIX_HOURS;
  const minutes = useSWR(
    enabled && recent ? statsUrl(environment, now - SIX_HOURS, now, 'minute') : null,
    fetcher,
    options,
  );
  if (!enabled) return null;
  if (hours.error) return '6h';
  if (!hours.data) return null;
  if (!recent) return fittingRange(firstHour, now);
  if (minutes.error) return fittingRange(firstHour, now);
  if (!minutes.data) return null;
  return fittingRange(firstFailureBucket(minutes.data) ?? firstHour, now);
}
