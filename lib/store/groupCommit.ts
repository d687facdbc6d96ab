/**
 * Group commit: requests that arrive while a transaction is running are committed together in
 * the next one, so one fsync serves them all. Each request resolves only once it is durable.
 */
export class GroupCommit<Request, Result> {
  private readonly queue: Array<{
    request: Request;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }> = [];
  private writing = false;

  constructor(
    /** Commits the requests in one transaction, all or nothing; one result per request, in order. */
    private readonly commit: (requests: Request[]) => Promise<Result[]>,
    /** A request's size (rows), and the most rows one transaction takes. */
    private readonly sizeOf: (request: Request) => number,
    private readonly maxRows: number,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits without yielding to I/O: wait for this turn's requests first, so
        // one fsync serves all of them rather than the first to arrive.
        await new Promise((resolve) => setImmediate(resolve));
        const group = this.takeGroup();
        try {
          const results = await this.commit(group.map((entry) => entry.request));
          group.forEach((entry, index) => entry.resolve(results[index]));
        } catch (error) {
          // One request's failure must not fail its neighbours: retry each on its own.
          if (group.length === 1) group[0].reject(error);
          else
            for (const entry of group)
              await this.commit([entry.request]).then(
                ([result]) => entry.resolve(result),
                entry.reject,
              );
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private takeGroup() {
    const group = [this.queue.shift()!];
    let rows = this.sizeOf(group[0].request);
    while (this.queue.length > 0 && rows + this.sizeOf(this.queue[0].request) <= this.maxRows) {
      const next = this.queue.shift()!;
      rows += this.sizeOf(next.request);
      group.push(next);
    }
    return group;
  }
}
