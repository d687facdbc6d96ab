/** The loop turn to keep to while ingest is backlogged (Node accepts one connection a turn). */
const TARGET_TURN_MS = 10;
const MIN_PER_TURN = 16;
const MAX_PER_TURN = 256;

/**
 * Spreads admitted ingest work over event-loop turns, in arrival order: as many requests a turn
 * as keep a backlogged turn near 10 ms.
 *
 * Why: Node's libuv (since 1.45, libuv#3696) accepts one new connection per loop turn. When one
 * turn ran every request that had arrived (hundreds at once under a flood: group commit answers
 * them together and their clients send again together), turns took tens of milliseconds and a
 * flood's new connections waited in the kernel's accept queue longer than a client's timeout,
 * unseen by the admission bound (README, Benchmarks: 3,060 timeouts, all on new connections).
 * Short turns keep accepting; the wait moves into the admitted backlog, bounded and refused
 * with 429 when full.
 */
export class LoopTurns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  private perTurn = 32;
  /** When the last turn that left requests waiting ran: consecutive ones measure a turn. */
  private lastBackloggedTurn: number | null = null;

  /** Resolves in a coming turn's check phase, after that turn's I/O (and its one accept). */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** How many a turn lets through now (for tests and diagnostics). */
  currentPerTurn(): number {
    return this.perTurn;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.grant());
  }

  private grant(): void {
    this.scheduled = false;
    const now = performance.now();
    // An idle gap between two turns says nothing about how long a busy turn takes.
    if (this.lastBackloggedTurn !== null) this.adapt(now - this.lastBackloggedTurn);
    // Their continuations run as microtasks once this callback returns, still in this turn.
    for (const resolve of this.waiting.splice(0, this.perTurn)) resolve();
    this.lastBackloggedTurn = this.waiting.length > 0 ? now : null;
    if (this.waiting.length > 0) this.schedule();
  }

  /** Fewer a turn when turns run long, a few more when they are short. */
  private adapt(turnMs: number): void {
    this.perTurn =
      turnMs > TARGET_TURN_MS
        ? Math.max(MIN_PER_TURN, Math.floor(this.perTurn * 0.8))
        : Math.min(MAX_PER_TURN, this.perTurn + 2);
  }
}
