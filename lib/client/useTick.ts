'use client';

import { useEffect, useState } from 'react';

/** "Now" in milliseconds, moved forward every `intervalMs` while the component is shown. */
export function useTick(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
