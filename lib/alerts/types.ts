export const ALERT_KINDS = [
  'fleet_mismatch',
  'failure_spike',
  'instance_stale',
  'probe_failing',
  'rotation_incomplete',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * What a condition observes right now: one alert-to-be, identified by its stable key. Labels are
 * low-cardinality names only (environment, kind, purpose, cause…), never a token or a secret.
 */
export interface AlertCondition {
  key: string;
  environment: string;
  kind: AlertKind;
  subject: string;
  labels: Record<string, string>;
  summary: string;
  /** When the condition began, when the condition knows it (a change in history); else "now". */
  since?: number;
  /** Fires without waiting for `for` (the condition already counted its own runs or window). */
  immediate?: boolean;
  /** A changing summary is news worth a notification (false: a count that moves every minute). */
  notifyChanges?: boolean;
}

export type AlertStatus = 'pending' | 'firing' | 'resolved';

/** One alert as the store keeps it. */
export interface AlertState extends Pick<
  AlertCondition,
  'key' | 'environment' | 'kind' | 'subject' | 'labels' | 'summary'
> {
  status: AlertStatus;
  /** First seen active (pending since). */
  activeSince: number;
  startsAt: number | null;
  endsAt: number | null;
  /** Last time a notification of this alert was queued (re-sends while firing). */
  notifiedAt: number | null;
  silencedUntil: number | null;
}

/**
 * `resend`: the periodic repeat Alertmanager needs to keep a firing alert (sent to Alertmanager
 * only); `update`: what a firing alert says changed (another instance drifted), sent everywhere.
 */
export type TransitionKind = 'firing' | 'resolved' | 'resend' | 'update';

export interface AlertTransition {
  kind: TransitionKind;
  alert: AlertState;
}

export function alertKey(environment: string, kind: AlertKind, subject: string): string {
  return `${environment}/${kind}/${subject}`;
}

/**
 * Who an alert is: one per environment, kind and subject; its labels name the environment and
 * the subject (`purpose`, `cause`, …) and any more the condition adds.
 */
export function alertIdentity(
  environment: string,
  kind: AlertKind,
  subject: string,
  labels: Record<string, string>,
): Pick<AlertCondition, 'key' | 'environment' | 'kind' | 'subject' | 'labels'> {
  return {
    key: alertKey(environment, kind, subject),
    environment,
    kind,
    subject,
    labels: { environment, ...labels },
  };
}
