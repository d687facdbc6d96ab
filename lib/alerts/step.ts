import type { AlertCondition, AlertState, AlertTransition } from './types';

export interface StepOptions {
  now: number;
  /** How long a condition must hold before it fires (conditions marked immediate skip it). */
  forMs: number;
  /** Re-send a firing alert this often (Alertmanager drops one it stops hearing about). */
  resendMs: number;
}

export interface StepResult {
  /** Every alert whose stored state changed (new, updated or resolved). */
  changed: AlertState[];
  /** What to notify: each becomes one outbox row per destination. */
  transitions: AlertTransition[];
  /** Pending alerts whose condition cleared before `for`: forgotten, never notified. */
  dropped: string[];
}

/**
 * The alert lifecycle, pure: pending → firing after `for` → resolved when the condition clears.
 * A resolved alert that comes back is a new firing (new start). Silences mute notifications, not
 * state: a silenced alert still fires and resolves, and the page shows it.
 */
export function stepAlerts(
  open: readonly AlertState[],
  conditions: readonly AlertCondition[],
  options: StepOptions,
): StepResult {
  const { now } = options;
  const byKey = new Map(
    open.filter((alert) => alert.status !== 'resolved').map((alert) => [alert.key, alert]),
  );
  const result: StepResult = { changed: [], transitions: [], dropped: [] };

  for (const condition of conditions) {
    const previous = byKey.get(condition.key);
    byKey.delete(condition.key);
    const activeSince = previous?.activeSince ?? Math.min(condition.since ?? now, now);
    const base: AlertState = {
      key: condition.key,
      environment: condition.environment,
      kind: condition.kind,
      subject: condition.subject,
      labels: condition.labels,
      summary: condition.summary,
      status: previous?.status ?? 'pending',
      activeSince,
      startsAt: previous?.startsAt ?? null,
      endsAt: null,
      notifiedAt: previous?.notifiedAt ?? null,
      silencedUntil: previous?.silencedUntil ?? null,
    };
    if (base.status === 'pending' && (condition.immediate || now - activeSince >= options.forMs)) {
      const firing: AlertState = { ...base, status: 'firing', startsAt: now, notifiedAt: now };
      result.changed.push(firing);
      result.transitions.push({ kind: 'firing', alert: firing });
      continue;
    }
    const news = base.summary !== previous?.summary && condition.notifyChanges !== false;
    if (
      base.status === 'firing' &&
      (news || base.notifiedAt === null || now - base.notifiedAt >= options.resendMs)
    ) {
      const resent: AlertState = { ...base, notifiedAt: now };
      result.changed.push(resent);
      result.transitions.push({ kind: news ? 'update' : 'resend', alert: resent });
      continue;
    }
    if (
      !previous ||
      previous.summary !== base.summary ||
      JSON.stringify(previous.labels) !== JSON.stringify(base.labels)
    )
      result.changed.push(base);
  }

  for (const alert of byKey.values()) {
    if (alert.status === 'pending') {
      result.dropped.push(alert.key);
      continue;
    }
    const resolved: AlertState = { ...alert, status: 'resolved', endsAt: now, notifiedAt: now };
    result.changed.push(resolved);
    result.transitions.push({ kind: 'resolved', alert: resolved });
  }
  return result;
}

/** Whether a notification of this alert is muted at `now`. */
export function isSilenced(alert: Pick<AlertState, 'silencedUntil'>, now: number): boolean {
  return alert.silencedUntil !== null && alert.silencedUntil > now;
}
