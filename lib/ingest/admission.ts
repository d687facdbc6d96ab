/** How much ingest work may wait for its commit at once (AUTHSCOPE_INGEST_MAX_PENDING). */
export interface AdmissionLimits {
  /** Requests between admission and their answer. */
  maxRequests: number;
  /** Body bytes those requests may hold (the declared length, or the body limit when unknown). */
  maxBytes: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxRequests: 2048, maxBytes: 64 * 1024 * 1024 };

// A key alone may use everything; with others waiting it gets an equal share, never below this.
const MIN_SHARE = 8;

export type Admitted = { admitted: true; release: () => void };
export type Refused = {
  admitted: false;
  reason: 'overloaded' | 'key_share';
  retryAfterSeconds: number;
};

/**
 * Bounds the ingest backlog: past the bound a request is refused at once (429, Retry-After)
 * instead of queueing without limit, and one ingest key cannot take every slot while others
 * wait. What was admitted is answered after its commit, as always.
 * Only the backlog is counted, not event-loop lag: under an open-loop flood answering 429s keeps
 * the loop late, so lag-based refusal fed itself (one bench run: 572,000 × 429, 46,000 accepted).
 * Loop turns (loopTurns.ts) keep new connections accepted instead.
 */
export class IngestAdmission {
  private requests = 0;
  private bytes = 0;
  private readonly perKey = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits = DEFAULT_ADMISSION) {}

  admit(key: string, bytes: number): Admitted | Refused {
    if (this.requests >= this.limits.maxRequests || this.bytes + bytes > this.limits.maxBytes) {
      return { admitted: false, reason: 'overloaded', retryAfterSeconds: 1 };
    }
    const held = this.perKey.get(key) ?? 0;
    const keys = this.perKey.size + (held === 0 ? 1 : 0);
    const share = Math.max(MIN_SHARE, Math.ceil(this.limits.maxRequests / keys));
    if (held >= share) return { admitted: false, reason: 'key_share', retryAfterSeconds: 1 };

    this.requests++;
    this.bytes += bytes;
    this.perKey.set(key, held + 1);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.requests--;
        this.bytes -= bytes;
        const left = (this.perKey.get(key) ?? 1) - 1;
        if (left <= 0) this.perKey.delete(key);
        else this.perKey.set(key, left);
      },
    };
  }

  pending(): { requests: number; bytes: number } {
    return { requests: this.requests, bytes: this.bytes };
  }
}
