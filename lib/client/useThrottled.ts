'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * `action`, run at most once per `intervalMs`: the first call of a quiet spell at once (a drifting
 * report still turns a card red within a second), the last call of a burst when the interval ends.
 */
export function useThrottled(action: () => void, intervalMs: number): () => void {
  const latest = useRef(action);
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  return useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(
      () => {
        pending.current = null;
        last.current = Date.now();
        latest.current();
      },
      Math.max(0, last.current + intervalMs - Date.now()),
    );
  }, [intervalMs]);
}
