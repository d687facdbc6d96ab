import type { Kysely } from 'kysely';
import type { Dialect } from '../database';
import * as failures from './0001_failures';
import * as audit from './0002_audit';
import * as fingerprints from './0003_fingerprints';
import * as causes from './0004_causes';
import * as sessions from './0005_sessions';
import * as probes from './0006_probes';
import * as alerts from './0007_alerts';
import * as undelivered from './0009_undelivered';
import * as trust from './0010_trust';
import * as groupRollup from './0011_group_rollup';

export interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Applied in name order, once each; never edit one that has shipped — add the next. */
export const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_failures': failures,
  '0002_audit': audit,
  '0003_fingerprints': fingerprints,
  '0004_causes': causes,
  '0005_sessions': sessions,
  '0006_probes': probes,
  '0007_alerts': alerts,
  '0009_undelivered': undelivered,
  '0010_trust': trust,
  '0011_group_rollup': groupRollup,
};
