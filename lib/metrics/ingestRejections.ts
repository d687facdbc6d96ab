import { isIngestPost } from '../access/policy';
/** Refused ingest requests, counted where they are refused (proxy.ts and the route handlers). */

// Proxy and route handlers are bundled separately; globalThis makes the counts one per process.
const holder = globalThis as typeof globalThis & {
  __authscopeIngestRejections?: Map<string, number>;
};
const counts = (holder.__authscopeIngestRejections ??= new Map());

/** `reason` is an ErrorCode (a closed list), so the series stay bounded. Never throws. */
export function recordIngestRejection(method: string, pathOrUrl: string, reason: string): void {
  const pathname = pathOrUrl.startsWith('/') ? pathOrUrl : pathnameOf(pathOrUrl);
  if (!isIngestPost(method, pathname)) return;
  // The label is the path's last segment ("failures", "fingerprints"): a closed list.
  const endpoint = pathname.slice(pathname.lastIndexOf('/') + 1);
  const key = `${endpoint}\u0000${reason}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

export function ingestRejections(): Array<{ endpoint: string; reason: string; count: number }> {
  return [...counts].map(([key, count]) => {
    const [endpoint, reason] = key.split('\u0000') as [string, string];
    return { endpoint, reason, count };
  });
}

function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
