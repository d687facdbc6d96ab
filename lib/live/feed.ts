/** Where a feed reads from: items strictly after an opaque cursor, oldest first. */
export interface FeedSource<T> {
  after(cursor: string | null, limit: number): Promise<{ items: T[]; cursor: string | null }>;
  /** The cursor of the newest item, so a new subscriber starts from "now". */
  head(): Promise<string | null>;
}

export interface FeedBatch<T> {
  items: T[];
  /** The cursor of the last item: the SSE event id, and Last-Event-ID on reconnect. */
  cursor: string;
}

type Listener<T> = (batch: FeedBatch<T>) => void;

const BATCH_LIMIT = 500;

/**
 * Turns "something was written" signals into batches of new items. The store is the source of
 * truth: a signal only says "look", so signals may be coalesced or come from another replica,
 * and a reconnecting client replays from its cursor without losing anything.
 */
export class Feed<T> {
  private cursor: string | null = null;
  private started: Promise<void> | null = null;
  private pulling: Promise<void> | null = null;
  private pullAgain = false;
  private readonly listeners = new Set<Listener<T>>();

  constructor(
    private readonly source: FeedSource<T>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Call on every signal; concurrent signals collapse into one more pull. */
  poke(): void {
    if (this.pulling) {
      this.pullAgain = true;
      return;
    }
    this.pulling = this.pull().finally(() => {
      this.pulling = null;
      if (this.pullAgain) {
        this.pullAgain = false;
        this.poke();
      }
    });
  }

  /**
   * Replays what came after `from` (a Last-Event-ID), then delivers live batches. Returns the
   * unsubscribe function once the replay has been handed to `listener`.
   */
  async subscribe(from: string | null, listener: Listener<T>): Promise<() => void> {
    await this.start();
    let delivered = from;
    const buffered: FeedBatch<T>[] = [];
    let replaying = true;
    const live: Listener<T> = (batch) => (replaying ? buffered.push(batch) : deliver(batch));
    const deliver = (batch: FeedBatch<T>) => {
      if (delivered !== null && batch.cursor <= delivered) return;
      delivered = batch.cursor;
      listener(batch);
    };
    this.listeners.add(live);
    if (from !== null) {
      let cursor: string | null = from;
      for (;;) {
        const page: { items: T[]; cursor: string | null } = await this.source.after(
          cursor,
          BATCH_LIMIT,
        );
        if (page.items.length === 0 || page.cursor === null) break;
        deliver({ items: page.items, cursor: page.cursor });
        cursor = page.cursor;
        if (page.items.length < BATCH_LIMIT) break;
      }
    }
    replaying = false;
    for (const batch of buffered) deliver(batch);
    return () => this.listeners.delete(live);
  }

  private start(): Promise<void> {
    this.started ??= this.source.head().then((head) => {
      this.cursor = head;
    });
    return this.started;
  }

  private async pull(): Promise<void> {
    try {
      await this.start();
      for (;;) {
        const page = await this.source.after(this.cursor, BATCH_LIMIT);
        if (page.items.length === 0 || page.cursor === null) return;
        this.cursor = page.cursor;
        const batch = { items: page.items, cursor: page.cursor };
        for (const listener of this.listeners) listener(batch);
        if (page.items.length < BATCH_LIMIT) return;
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
