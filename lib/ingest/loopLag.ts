const TICK_MS = 25;
const LATE_MS = 200;
const LATE_TICKS = 3;

/**
 * Whether the event loop has been saturated for a while: three ticks in a row each ran 200 ms or
 * more late. Requests waiting for the loop are invisible to the backlog count (they sit in the
 * socket buffers), so this is what tells a flood; one long pause (a module load) is not one.
 */
export class LoopSaturation {
  private last = performance.now();
  private lateInARow = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = now - this.last - TICK_MS;
      this.last = now;
      this.lateInARow = late >= LATE_MS ? this.lateInARow + 1 : 0;
    }, TICK_MS);
    this.timer.unref();
  }

  saturated(): boolean {
    return this.lateInARow >= LATE_TICKS;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
