import type { Kysely } from 'kysely';
import type { StatsDimension } from '../failures/dimensions';
import type { FailureGroupPage } from '../failures/groups';
import type { NormalizedFailure } from '../failures/normalize';
import type { FailureFilter } from '../failures/query';
import type {
  CauseSummary,
  FailureDetail,
  FailureItem,
  FailurePage,
  FailureStats,
  IncidentAggregates,
} from '../failures/types';
import type { Dialect } from './database';
import { failureCauses } from './failureCauses';
import { commitFailures, type InsertResult } from './failureCommit';
import type { FailureInsert } from './failureInsert';
import { failureGroups } from './failureGroups';
import { failureById, failurePage } from './failurePages';
import { deleteFailuresBefore } from './failureRetention';
import { failureStats } from './failureStats';
import { failuresAfter, failuresHead } from './failureStream';
import { GroupCommit } from './groupCommit';
import { incidentAggregates } from './incidentAggregates';
import type { Database } from './schema';

/** The most rows one group commit takes: a few batches, or hundreds of single events. */
const GROUP_COMMIT_ROWS = 2_000;

/**
 * The failures: each job in its own file (commit, pages, stats, causes, groups, incidents,
 * stream, retention), one object on the runtime so callers need not know which.
 */
export class FailureStore {
  private readonly writer: GroupCommit<readonly NormalizedFailure[], InsertResult>;

  constructor(
    private readonly db: Kysely<Database>,
    dialect: Dialect,
    insert: FailureInsert,
  ) {
    this.writer = new GroupCommit(
      (requests) => commitFailures(db, dialect, requests, insert),
      (failures) => failures.length,
      GROUP_COMMIT_ROWS,
    );
  }

  /** All or nothing, durable when it resolves; requests arriving meanwhile share one commit. */
  insert(failures: readonly NormalizedFailure[]): Promise<InsertResult> {
    return this.writer.submit(failures);
  }

  get(id: string): Promise<FailureDetail | null> {
    return failureById(this.db, id);
  }

  list(filter: FailureFilter, options: { cursor?: string; limit: number }): Promise<FailurePage> {
    return failurePage(this.db, filter, options);
  }

  stats(
    filter: FailureFilter,
    options: { bucket: 'minute' | 'hour'; by: StatsDimension; now: number },
  ): Promise<FailureStats> {
    return failureStats(this.db, filter, options);
  }

  causes(filter: FailureFilter): Promise<CauseSummary> {
    return failureCauses(this.db, filter);
  }

  incidentAggregates(filter: FailureFilter): Promise<IncidentAggregates> {
    return incidentAggregates(this.db, filter);
  }

  groups(
    filter: FailureFilter,
    options: { cursor?: string; limit: number; now: number },
  ): Promise<FailureGroupPage> {
    return failureGroups(this.db, filter, options);
  }

  after(
    cursor: string | null,
    limit: number,
  ): Promise<{ items: FailureItem[]; cursor: string | null }> {
    return failuresAfter(this.db, cursor, limit);
  }

  head(): Promise<string | null> {
    return failuresHead(this.db);
  }

  deleteBefore(cutoff: number, chunk?: number): Promise<number> {
    return deleteFailuresBefore(this.db, cutoff, chunk);
  }
}
