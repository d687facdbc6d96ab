import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../../lib/reporter/queue';

const filled = (capacity: number, count: number) => {
  const queue = new BoundedQueue<number>(capacity);
  for (let item = 1; item <= count; item++) queue.push(item);
  return queue;
};

describe('bounded failure queue', () => {
  it('keeps everything while under its capacity', () => {
    const queue = filled(5, 4);
    expect(queue.take(10)).toEqual([1, 2, 3, 4]);
    expect(queue.dropped).toBe(0);
  });

  it('drops the oldest when full and counts each one', () => {
    const queue = filled(3, 7);
    expect(queue.length).toBe(3);
    expect(queue.take(10)).toEqual([5, 6, 7]);
    expect(queue.dropped).toBe(4);
  });

  it('does not drop what is on the wire: the oldest waiting one goes instead', () => {
    const queue = filled(4, 4);
    expect(queue.take(2)).toEqual([1, 2]);
    queue.push(5);
    queue.push(6);
    queue.delivered();
    expect(queue.take(10)).toEqual([5, 6]);
    expect(queue.dropped).toBe(2);
  });

  it('makes a batch that failed droppable again while it waits for its retry', () => {
    const queue = filled(3, 3);
    queue.take(3);
    queue.released();
    queue.push(4);
    expect(queue.take(10)).toEqual([2, 3, 4]);
    expect(queue.dropped).toBe(1);
  });

  it('loses the newcomer when every queued item is on the wire', () => {
    const queue = filled(2, 2);
    queue.take(2);
    queue.push(3);
    queue.delivered();
    expect(queue.length).toBe(0);
    expect(queue.dropped).toBe(1);
  });

  it('counts a refused batch as not delivered', () => {
    const queue = filled(10, 5);
    queue.take(3);
    expect(queue.refused()).toBe(3);
    expect(queue.take(10)).toEqual([4, 5]);
    expect(queue.dropped).toBe(3);
  });

  it('forgets only the part of the count a report carried', () => {
    const queue = filled(2, 6);
    const carried = queue.dropped;
    queue.push(7);
    queue.settleDropped(carried);
    expect(carried).toBe(4);
    expect(queue.dropped).toBe(1);
  });

  it('knows when everything pushed before a mark is gone, delivered or dropped', () => {
    const queue = filled(3, 3);
    const mark = queue.pushed;
    queue.push(4);
    expect(queue.doneUpTo(mark)).toBe(false);
    queue.take(2);
    queue.delivered();
    expect(queue.doneUpTo(mark)).toBe(true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN])
      expect(() => new BoundedQueue(capacity)).toThrow(RangeError);
  });
});
