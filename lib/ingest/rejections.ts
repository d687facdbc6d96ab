/** Ingest requests refused by the admission bound, by reason: for the log and the metrics. */
export class IngestRejections {
  private readonly counts = new Map<string, number>();

  count(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
