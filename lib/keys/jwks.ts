import { jwkSetMaterial, KeyLoadError, type KeyMaterial } from './material';

export type JwksStatus = 'pending' | 'ok' | 'error' | 'stale';

export interface JwksState {
  /** The URL without credentials or query: safe to show. */
  url: string;
  status: JwksStatus;
  fetched_at: string | null;
  last_attempt_at: string | null;
  error: string | null;
  skipped: string[];
}

export interface JwksOptions {
  timeoutMs: number;
  ttlMs: number;
  /** A token with an unknown kid triggers a re-fetch at most this often (a rotation just happened). */
  unknownKidIntervalMs: number;
  maxBytes: number;
  now: () => number;
}

export const DEFAULT_JWKS_OPTIONS: JwksOptions = {
  timeoutMs: 5_000,
  ttlMs: 10 * 60_000,
  unknownKidIntervalMs: 60_000,
  maxBytes: 1024 * 1024,
  now: Date.now,
};

/** A remote JWK Set, fetched with a timeout, cached with a TTL, its state always visible. */
export class JwksSource {
  keys: KeyMaterial[] = [];
  /** Bumped whenever `keys` changes, so the keyring can rebuild what it derived from them. */
  generation = 0;
  private fetchedAt: number | null = null;
  private lastAttempt: number | null = null;
  private status: JwksStatus = 'pending';
  private error: string | null = null;
  private skipped: string[] = [];
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly options: JwksOptions = DEFAULT_JWKS_OPTIONS,
  ) {}

  state(): JwksState {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      url: displayUrl(this.url),
      status: this.status,
      fetched_at: iso(this.fetchedAt),
      last_attempt_at: iso(this.lastAttempt),
      error: this.error,
      skipped: this.skipped,
    };
  }

  /** Fetches when never fetched or past the TTL; otherwise returns at once. */
  async ensureFresh(): Promise<void> {
    const now = this.options.now();
    // Measured from the last attempt too: a JWKS that is down is retried once per TTL, not by
    // every inspection (each would wait for the timeout).
    const due =
      this.lastAttempt === null ||
      now - Math.max(this.fetchedAt ?? 0, this.lastAttempt) >= this.options.ttlMs;
    if (due) await this.refresh();
  }

  /** A token names a kid this set does not have: re-fetch, at most once per interval. */
  async refreshForUnknownKid(kid: string): Promise<void> {
    // A fetch already under way may bring the kid: wait for it before applying the rate limit.
    if (this.inFlight) await this.inFlight;
    if (this.keys.some((key) => key.kid === kid)) return;
    const now = this.options.now();
    if (this.lastAttempt !== null && now - this.lastAttempt < this.options.unknownKidIntervalMs)
      return;
    await this.refresh();
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    this.lastAttempt = this.options.now();
    try {
      const { keys, skipped } = jwkSetMaterial(await this.download());
      this.keys = keys;
      this.skipped = skipped;
      this.generation++;
      this.fetchedAt = this.options.now();
      this.status = 'ok';
      this.error = null;
    } catch (error) {
      // Keep serving the last good keys, marked stale: a flaky JWKS must not fail every check.
      this.status = this.keys.length > 0 ? 'stale' : 'error';
      this.error = error instanceof KeyLoadError ? error.message : 'unexpected error';
    }
  }

  private async download(): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: { accept: 'application/json' },
        redirect: 'error',
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : 'unreachable';
      throw new KeyLoadError(`JWKS ${reason}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new KeyLoadError(`JWKS answered HTTP ${response.status}`);
    }
    const text = await readLimited(response, this.options.maxBytes);
    try {
      return JSON.parse(text);
    } catch {
      throw new KeyLoadError('JWKS response is not JSON');
    }
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new KeyLoadError(`JWKS response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Origin and path only: a URL's userinfo or query may hold credentials. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
