import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../lib/store/groupCommit';

/** A commit that records each transaction's requests; `fail` makes a transaction with it throw. */
function recorder(fail?: (requests: number[][]) => boolean) {
  const transactions: number[][][] = [];
  const commit = async (requests: number[][]) => {
    transactions.push(requests);
    if (fail?.(requests)) throw new Error('constraint');
    return requests.map((rows) => rows.reduce((sum, row) => sum + row, 0));
  };
  return { transactions, writer: new GroupCommit(commit, (rows: number[]) => rows.length, 5) };
}

describe('group commit', () => {
  it("commits one turn's requests in one transaction, in arrival order, each answered its own result", async () => {
    const { transactions, writer } = recorder();
    const results = await Promise.all([
      writer.submit([1]),
      writer.submit([2, 3]),
      writer.submit([4]),
    ]);
    expect(results).toEqual([1, 5, 4]);
    expect(transactions).toEqual([[[1], [2, 3], [4]]]);
  });

  it('never puts more than the row bound in one transaction (a larger request goes alone)', async () => {
    const { transactions, writer } = recorder();
    await Promise.all([
      writer.submit([1, 1, 1]),
      writer.submit([1, 1, 1]),
      writer.submit([1, 1, 1, 1, 1, 1, 1]),
      writer.submit([1]),
    ]);
    expect(transactions.map((requests) => requests.map((rows) => rows.length))).toEqual([
      [3],
      [3],
      [7],
      [1],
    ]);
  });

  it('retries each request of a failed transaction alone, so one bad request fails only itself', async () => {
    const { transactions, writer } = recorder((requests) =>
      requests.some((rows) => rows.includes(-1)),
    );
    const outcomes = await Promise.allSettled([
      writer.submit([1]),
      writer.submit([-1]),
      writer.submit([2]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(transactions).toEqual([[[1], [-1], [2]], [[1]], [[-1]], [[2]]]);
  });

  it('keeps working after a drain: a later request starts a new one', async () => {
    const { transactions, writer } = recorder();
    await writer.submit([1]);
    await writer.submit([2]);
    expect(transactions).toEqual([[[1]], [[2]]]);
  });
});
