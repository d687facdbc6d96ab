import { describe, expect, it } from 'vitest';
import { LoopTurns } from '../../../lib/ingest/loopTurns';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('LoopTurns', () => {
  it('lets every request through, in arrival order', async () => {
    const turns = new LoopTurns();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, index) => turns.next().then(() => order.push(index))),
    );
    expect(order).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('lets at most a turn’s share through in one loop turn, the rest in later turns', async () => {
    const turns = new LoopTurns();
    let through = 0;
    const all = Array.from({ length: 200 }, () => turns.next().then(() => through++));
    expect(through).toBe(0); // Never in the caller's own turn.
    await nextTurn();
    expect(through).toBeGreaterThan(0);
    expect(through).toBeLessThanOrEqual(turns.currentPerTurn() + 2);
    expect(through).toBeLessThan(200);
    await Promise.all(all);
    expect(through).toBe(200);
  });

  it('lets fewer through a turn while turns run long, never fewer than 16', async () => {
    const turns = new LoopTurns();
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    // Each request's work takes 2 ms: a turn of 32 would take 64 ms.
    await Promise.all(Array.from({ length: 400 }, () => turns.next().then(() => busy(2))));
    expect(turns.currentPerTurn()).toBe(16);
  });
});
