interface Waiter {
  done: () => boolean;
  resolve: () => void;
}

/**
 * The reporter's waiting: the sender's backoff sleep, and callers awaiting an outcome (a
 * fingerprint settled, the queue flushed). Only a caller awaiting an outcome keeps the process
 * alive for a backoff; a service that is exiting on its own should not be held by a 30 s wait
 * (it calls close() for a bounded one).
 */
export class Wakeups {
  private sleeper: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private waiters: Waiter[] = [];

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (this.waiters.length === 0) timer.unref();
      this.sleeper = { timer, wake };
    });
  }

  /** Ends the sender's sleep now (close: no more backoff). */
  wake(): void {
    this.sleeper?.wake();
  }

  /** Resolves true once `done()` holds (checked at each notify), false after `timeoutMs`. */
  waitFor(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const deadline = timeoutMs === undefined ? null : setTimeout(() => finish(false), timeoutMs);
      const waiter: Waiter = { done, resolve: () => finish(true) };
      const finish = (result: boolean) => {
        if (deadline) clearTimeout(deadline);
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve(result);
      };
      this.waiters.push(waiter);
      this.sleeper?.timer.ref();
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) if (waiter.done()) waiter.resolve();
  }
}
