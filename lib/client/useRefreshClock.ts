'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * "Now", moved forward by `poke` at most once per `intervalMs`; the last poke of a burst always
 * lands. Views key their queries on it, so a burst of live events becomes one refresh.
 */
export function useRefreshClock(intervalMs = 250): [number, () => void] {
  const [now, setNow] = useState(() => Date.now());
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const poke = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(
      () => {
        pending.current = null;
        last.current = Date.now();
        setNow(last.current);
      },
      Math.max(0, last.current + intervalMs - Date.now()),
    );
  }, [intervalMs]);
  return [now, poke];
}
