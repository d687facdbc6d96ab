import { describe, expect, it } from 'vitest';
import { cachedUntilChanged } from '../../../lib/runtime/cache';

describe('cachedUntilChanged (lib/runtime/cache.ts)', () => {
  it('loads once for any number of readers until cleared, then loads again', async () => {
    let loads = 0;
    const cache = cachedUntilChanged(async () => ++loads);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    cache.clear();
    expect(await cache.get()).toBe(2);
    expect(loads).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const cache = cachedUntilChanged(async () => {
      if (fail) throw new Error('store unavailable');
      return 'ok';
    });
    await expect(cache.get()).rejects.toThrow('store unavailable');
    fail = false;
    expect(await cache.get()).toBe('ok');
  });
});
