import type { ReactNode } from 'react';

/**
 * A list read page by page: loading, the empty state (how failures get here), a one-line summary,
 * the rows, and a button for the next page. The problems list and the raw events share it.
 */
export function PagedList({
  loading,
  loaded,
  count,
  more,
  loadingText,
  summary,
  moreLabel,
  onMore,
  children,
}: {
  loading: boolean;
  loaded: boolean;
  count: number;
  more: boolean;
  loadingText: string;
  summary: ReactNode;
  moreLabel: string;
  onMore: () => void;
  children: ReactNode;
}) {
  return (
    <>
      {loading && !loaded && <p className="muted">{loadingText}</p>}
      {loaded && count === 0 && (
        <p className="empty">
          No failures match. Services send them with <code>POST /api/v1/failures</code>; see
          docs/integrating.md.
        </p>
      )}
      {count > 0 && (
        <>
          <p className="muted">{summary}</p>
          {children}
          {more && (
            <button type="button" className="button" onClick={onMore}>
              {moreLabel}
            </button>
          )}
        </>
      )}
    </>
  );
}
