'use client';

import { useEffect, useRef, useState } from 'react';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Subscribes to GET /api/v1/stream. EventSource reconnects by itself and sends Last-Event-ID,
 * so the server replays what was missed; `onEvent` gets the event type and parsed data.
 */
export function useLiveStream(
  types: readonly string[],
  onEvent: (type: string, data: unknown) => void,
): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const typeKey = types.join(',');
  useEffect(() => {
    const source = new EventSource('/api/v1/stream');
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    const listeners = typeKey.split(',').map((type) => {
      const listener = (event: MessageEvent<string>) =>
        handler.current(type, JSON.parse(event.data));
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  }, [typeKey]);
  return state;
}
