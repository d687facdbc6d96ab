import { describe, expect, it } from 'vitest';
import { Feed, type FeedBatch, type FeedSource } from '../../../lib/live/feed';

const cursorOf = (seq: number) => String(seq).padStart(16, '0');

/** A test fixture: an append-only log in memory with the store's cursor format. */
class MemorySource implements FeedSource<string> {
  items: string[] = [];
  afterCalls = 0;
  failNext = false;
  /** Resolves each `after` only when released, to hold a pull in flight. */
  gate: Promise<void> | null = null;

  write(...items: string[]) {
    this.items.push(...items);
  }

  async after(cursor: string | null, limit: number) {
    this.afterCalls++;
    if (this.gate) await this.gate;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database is locked');
    }
    const from = cursor === null ? 0 : Number(cursor);
    const items = this.items.slice(from, from + limit);
    return { items, cursor: items.length ? cursorOf(from + items.length) : cursor };
  }

  async head() {
    return this.items.length ? cursorOf(this.items.length) : null;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function collect() {
  const batches: FeedBatch<string>[] = [];
  return { batches, listener: (batch: FeedBatch<string>) => void batches.push(batch) };
}

describe('Feed (lib/live/feed.ts)', () => {
  it('starts a new subscriber at "now": only items written after it subscribed', async () => {
    const source = new MemorySource();
    source.write('old-1', 'old-2');
    const feed = new Feed(source);
    const { batches, listener } = collect();
    await feed.subscribe(null, listener);
    feed.poke();
    await settle();
    expect(batches).toEqual([]);
    source.write('new-1', 'new-2');
    feed.poke();
    await settle();
    expect(batches).toEqual([{ items: ['new-1', 'new-2'], cursor: cursorOf(4) }]);
  });

  it('hands every subscriber the same batch', async () => {
    const source = new MemorySource();
    const feed = new Feed(source);
    const first = collect();
    const second = collect();
    await feed.subscribe(null, first.listener);
    await feed.subscribe(null, second.listener);
    source.write('a');
    feed.poke();
    await settle();
    expect(first.batches).toEqual([{ items: ['a'], cursor: cursorOf(1) }]);
    expect(second.batches).toEqual(first.batches);
  });

  it('replays what came after a Last-Event-ID before delivering live batches', async () => {
    const source = new MemorySource();
    source.write('a', 'b', 'c');
    const feed = new Feed(source);
    const { batches, listener } = collect();
    await feed.subscribe(cursorOf(1), listener);
    expect(batches).toEqual([{ items: ['b', 'c'], cursor: cursorOf(3) }]);
    source.write('d');
    feed.poke();
    await settle();
    expect(batches.at(-1)).toEqual({ items: ['d'], cursor: cursorOf(4) });
  });

  it('replays a long gap in pages and loses nothing', async () => {
    const source = new MemorySource();
    source.write(...Array.from({ length: 1203 }, (_, index) => `item-${index}`));
    const feed = new Feed(source);
    const { batches, listener } = collect();
    await feed.subscribe(cursorOf(0), listener);
    expect(batches.map((batch) => batch.items.length)).toEqual([500, 500, 203]);
    expect(batches.flatMap((batch) => batch.items)).toEqual(source.items);
    expect(batches.at(-1)!.cursor).toBe(cursorOf(1203));
  });

  it('drains a burst of more than one page in one pull', async () => {
    const source = new MemorySource();
    const feed = new Feed(source);
    const { batches, listener } = collect();
    await feed.subscribe(null, listener);
    source.write(...Array.from({ length: 750 }, (_, index) => `burst-${index}`));
    feed.poke();
    await settle();
    expect(batches.map((batch) => batch.items.length)).toEqual([500, 250]);
  });

  it('never delivers a batch twice to a subscriber that replayed it', async () => {
    const source = new MemorySource();
    const feed = new Feed(source);
    await feed.subscribe(null, () => undefined); // the feed is started at an empty head
    source.write('a', 'b');
    // The live pull sees a and b while a new client replays from 0: it must get them once.
    const { batches, listener } = collect();
    const subscribed = feed.subscribe(cursorOf(0), listener);
    feed.poke();
    await subscribed;
    await settle();
    expect(batches.flatMap((batch) => batch.items)).toEqual(['a', 'b']);
  });

  it('collapses signals that arrive during a pull into one more pull', async () => {
    const source = new MemorySource();
    const feed = new Feed(source);
    const { batches, listener } = collect();
    await feed.subscribe(null, listener);
    let release!: () => void;
    source.gate = new Promise((resolve) => (release = resolve));
    source.write('a');
    const callsBefore = source.afterCalls;
    feed.poke();
    source.write('b');
    for (let i = 0; i < 10; i++) feed.poke();
    source.gate = null;
    release();
    await settle();
    // One pull (a, b), then one more for the ten signals (finds nothing new).
    expect(source.afterCalls - callsBefore).toBe(2);
    expect(batches.flatMap((batch) => batch.items)).toEqual(['a', 'b']);
  });

  it('reports a failing source and catches up on the next signal', async () => {
    const source = new MemorySource();
    const errors: unknown[] = [];
    const feed = new Feed(source, (error) => errors.push(error));
    const { batches, listener } = collect();
    await feed.subscribe(null, listener);
    source.write('a');
    source.failNext = true;
    feed.poke();
    await settle();
    expect(errors).toHaveLength(1);
    expect(batches).toEqual([]);
    feed.poke();
    await settle();
    expect(batches).toEqual([{ items: ['a'], cursor: cursorOf(1) }]);
  });

  it('stops delivering after unsubscribe', async () => {
    const source = new MemorySource();
    const feed = new Feed(source);
    const { batches, listener } = collect();
    const unsubscribe = await feed.subscribe(null, listener);
    unsubscribe();
    source.write('a');
    feed.poke();
    await settle();
    expect(batches).toEqual([]);
  });
});
