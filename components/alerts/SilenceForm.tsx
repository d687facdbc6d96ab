'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

const DURATIONS = ['30m', '1h', '4h', '24h'];

/** Silences one alert's notifications for a duration (the server audits who and until when). */
export function SilenceForm({ alertKey }: { alertKey: string }) {
  const router = useRouter();
  const [duration, setDuration] = useState('1h');
  const [error, setError] = useState<string | null>(null);
  const silence = async () => {
    setError(null);
    const response = await fetch('/api/v1/alerts/silences', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: alertKey, duration }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        error?: { message?: string };
      } | null;
      setError(body?.error?.message ?? `HTTP ${response.status}`);
      return;
    }
    router.refresh();
  };
  return (
    <div className="silence-form">
      <label>
        Silence for{' '}
        <select
          value={duration}
          onChange={(event) => setDuration(event.target.value)}
          aria-label="silence duration"
        >
          {DURATIONS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={() => void silence()} data-testid="silence-button">
        Silence
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </div>
  );
}
