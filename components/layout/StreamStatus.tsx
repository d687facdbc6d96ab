import type { StreamState } from '@/lib/client/useLiveStream';

const TEXT: Record<StreamState, string> = {
  live: '● live',
  connecting: '○ connecting…',
  reconnecting: '○ reconnecting…',
};

/** Whether the page's live stream is connected: live pages say so rather than look frozen. */
export function StreamStatus({ stream, as = 'p' }: { stream: StreamState; as?: 'p' | 'span' }) {
  const Tag = as;
  return (
    <Tag className="muted live-state" data-testid="stream-state">
      {TEXT[stream]}
    </Tag>
  );
}
