/**
 * Failures waiting to be delivered, at most `capacity` of them. When full, a new event pushes out
 * the oldest one that is not on the wire at that moment, and the loss is counted: during an outage
 * the newest failures are the ones that explain it, and memory stays bounded whatever happens.
 */
export class BoundedQueue<T> {
  private items: Array<{ seq: number; item: T }> = [];
  /** The first `sending` items are in the request on the wire; they are not dropped under it. */
  private sending = 0;
  private droppedCount = 0;
  /** Everything ever pushed: flush() waits until what was pushed before it is gone. */
  private pushedTotal = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
  }

  get length(): number {
    return this.items.length;
  }

  /** Events lost since the count was last delivered (see settleDropped). */
  get dropped(): number {
    return this.droppedCount;
  }

  get pushed(): number {
    return this.pushedTotal;
  }

  /** True when every item pushed up to `mark` (a past `pushed`) has been delivered or dropped. */
  doneUpTo(mark: number): boolean {
    return this.items.length === 0 || this.items[0].seq > mark;
  }

  push(item: T): void {
    this.pushedTotal += 1;
    if (this.items.length >= this.capacity) {
      this.droppedCount += 1;
      // Every queued item is on the wire (capacity ≤ batch size): the newcomer is the one lost.
      if (this.sending >= this.items.length) return;
      this.items.splice(this.sending, 1);
    }
    this.items.push({ seq: this.pushedTotal, item });
  }

  /** An item that never got in (the reporter is closed): counted, not kept. */
  discard(): void {
    this.pushedTotal += 1;
    this.droppedCount += 1;
  }

  /** Marks the oldest `limit` items as on the wire and returns them. */
  take(limit: number): T[] {
    this.sending = Math.min(limit, this.items.length);
    return this.items.slice(0, this.sending).map((entry) => entry.item);
  }

  /** The request carrying the taken items was accepted. */
  delivered(): void {
    this.items.splice(0, this.sending);
    this.sending = 0;
  }

  /** The request failed and will be retried: the items may be dropped again while it waits. */
  released(): void {
    this.sending = 0;
  }

  /** The server refused the taken items for good (a 4xx other than 429): they count as lost. */
  refused(): number {
    const count = this.sending;
    this.items.splice(0, count);
    this.sending = 0;
    this.droppedCount += count;
    return count;
  }

  /** Gives up on everything still queued (shutdown past its deadline); returns how many. */
  abandon(): number {
    const count = this.items.length;
    this.items = [];
    this.sending = 0;
    this.droppedCount += count;
    return count;
  }

  /** A fingerprint report carrying `count` was accepted: only what it carried is forgotten. */
  settleDropped(count: number): void {
    this.droppedCount = Math.max(0, this.droppedCount - count);
  }
}
