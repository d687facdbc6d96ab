'use client';

import useSWR from 'swr';
import type { Rotation } from '../rotations/track';
import { fetchJson } from './fetchJson';

export interface RotationsResponse {
  items: Rotation[];
  current: Rotation[];
}

export function useRotations(environment: string) {
  return useSWR<RotationsResponse>(
    `/api/v1/environments/${encodeURIComponent(environment)}/rotations`,
    (url: string) => fetchJson<RotationsResponse>(url),
    { revalidateOnFocus: false },
  );
}

/** Chart markers: where each rotation started and (when it did) ended. */
export function rotationMarkers(rotations: readonly Rotation[]): { at: string; label: string }[] {
  return rotations.flatMap((rotation) => {
    const to = rotation.to.key ?? rotation.to.version ?? 'new key';
    const start = { at: rotation.started_at, label: `rotation to ${to} started` };
    return rotation.ended_at
      ? [
          start,
          {
            at: rotation.ended_at,
            label: `rotation to ${to} ${rotation.status.replace('_', ' ')}`,
          },
        ]
      : [start];
  });
}
