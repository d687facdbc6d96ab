import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../../lib/probes/limit';

describe('ConcurrencyLimit', () => {
  it('runs at most `size` tasks at once and the rest in order as slots free up', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (id: number, ms: number) =>
      limit.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        order.push(id);
        return id;
      });
    expect(await Promise.all([task(1, 30), task(2, 5), task(3, 5), task(4, 5)])).toEqual([
      1, 2, 3, 4,
    ]);
    expect(peak).toBe(2);
    expect(order[order.length - 1]).toBe(1);
  });

  it('frees the slot when a task throws', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(
      limit.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
