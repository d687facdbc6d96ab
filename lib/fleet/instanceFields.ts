/*
 * The fields every fleet row shares, whatever layer holds it (the store's tables, the fleet's
 * instance state, the rotation tracker's key changes): one list, so a new one is added once.
 */

/** Which instance: the four names a report carries. */
export interface InstanceName {
  environment: string;
  purpose: string;
  service: string;
  instance: string;
}

/** The key an instance resolved, as its report describes it (a fingerprint, never the key). */
export interface ResolvedKeyFacts {
  fingerprint: string;
  algorithm: string | null;
  source: string | null;
  version: string | null;
  length: number | null;
}

export type FingerprintEventKind = 'first_seen' | 'changed';

/** One change of an instance's key in the fingerprint history (`at` and `seq` as stored). */
export interface FingerprintEvent extends InstanceName {
  seq: number;
  at: number;
  fingerprint: string;
  previous_fingerprint: string | null;
  source: string | null;
  version: string | null;
  kind: FingerprintEventKind;
}
