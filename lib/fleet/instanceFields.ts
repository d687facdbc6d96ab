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
