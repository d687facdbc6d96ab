'use client';

import { useState } from 'react';

/** Puts `text` on the clipboard and says so; falls back to a selection where the API is missing. */
export function CopyNoteButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2500);
  }
  return (
    <button type="button" className="button" onClick={copy} data-note={text.length}>
      {state === 'copied'
        ? 'Copied ✓'
        : state === 'failed'
          ? 'Copy failed: clipboard blocked'
          : 'Copy as incident note'}
    </button>
  );
}
