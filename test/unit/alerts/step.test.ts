import { describe, expect, it } from 'vitest';
import { stepAlerts, type AlertCondition, type AlertState } from '../../../lib/alerts';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const OPTIONS = { forMs: 60_000, resendMs: 60_000 };
const mismatch: AlertCondition = {
  key: 'staging/fleet_mismatch/access-token',
  environment: 'staging',
  kind: 'fleet_mismatch',
  subject: 'access-token',
  labels: { environment: 'staging' },
  summary: 'staging: a resolves x; b resolves y',
};

/** Runs conditions through successive evaluations, carrying state like the store does. */
function run(
  ticks: Array<{ at: number; conditions: AlertCondition[] }>,
  initial: AlertState[] = [],
) {
  let open = initial;
  return ticks.map(({ at, conditions }) => {
    const step = stepAlerts(open, conditions, { now: T0 + at, ...OPTIONS });
    const byKey = new Map(open.map((alert) => [alert.key, alert]));
    for (const key of step.dropped) byKey.delete(key);
    for (const alert of step.changed) byKey.set(alert.key, alert);
    open = [...byKey.values()].filter((alert) => alert.status !== 'resolved');
    return step.transitions.map((transition) => `${transition.kind}@${at / 1000}`).join(',') || '-';
  });
}

describe('stepAlerts', () => {
  it.each([
    {
      name: 'waits `for` before firing, then resolves once',
      ticks: [
        [0, true],
        [30, true],
        [60, true],
        [90, false],
        [120, false],
      ],
      expected: ['-', '-', 'firing@60', 'resolved@90', '-'],
    },
    {
      name: 'forgets a condition that clears before `for`',
      ticks: [
        [0, true],
        [30, false],
        [60, true],
        [90, true],
        [120, true],
      ],
      expected: ['-', '-', '-', '-', 'firing@120'],
    },
    {
      name: 're-sends while firing, every resend interval',
      ticks: [
        [0, true],
        [60, true],
        [90, true],
        [120, true],
        [180, true],
      ],
      expected: ['-', 'firing@60', '-', 'resend@120', 'resend@180'],
    },
    {
      name: 'fires anew after a resolve',
      ticks: [
        [0, true],
        [60, true],
        [70, false],
        [80, true],
        [140, true],
      ],
      expected: ['-', 'firing@60', 'resolved@70', '-', 'firing@140'],
    },
  ])('$name', ({ ticks, expected }) => {
    expect(
      run(
        ticks.map(([at, active]) => ({
          at: (at as number) * 1000,
          conditions: active ? [mismatch] : [],
        })),
      ),
    ).toEqual(expected);
  });

  it('fires an immediate condition at once', () => {
    expect(run([{ at: 0, conditions: [{ ...mismatch, immediate: true }] }])).toEqual(['firing@0']);
  });

  it('re-sends at once when the summary changes (another instance drifted)', () => {
    const changed = { ...mismatch, summary: 'staging: a resolves x; b and c resolve y' };
    expect(
      run([
        { at: 0, conditions: [mismatch] },
        { at: 60_000, conditions: [mismatch] },
        { at: 65_000, conditions: [changed] },
      ]),
    ).toEqual(['-', 'firing@60', 'update@65']);
  });

  it('does not notify a moving count (notifyChanges: false) before the resend interval', () => {
    const spike = (count: number): AlertCondition => ({
      ...mismatch,
      immediate: true,
      notifyChanges: false,
      summary: `staging: ${count} expired failures`,
    });
    expect(
      run([
        { at: 0, conditions: [spike(50)] },
        { at: 5000, conditions: [spike(60)] },
        { at: 60_000, conditions: [spike(70)] },
      ]),
    ).toEqual(['firing@0', '-', 'resend@60']);
  });

  it('keeps start and sets end on resolve, with the key unchanged', () => {
    const firing = stepAlerts([], [{ ...mismatch, immediate: true }], { now: T0, ...OPTIONS })
      .changed[0]!;
    const resolved = stepAlerts([firing], [], { now: T0 + 5000, ...OPTIONS }).changed[0]!;
    expect(resolved).toMatchObject({
      key: mismatch.key,
      status: 'resolved',
      startsAt: T0,
      endsAt: T0 + 5000,
    });
  });

  it('keeps a silence across evaluations', () => {
    const firing = {
      ...stepAlerts([], [{ ...mismatch, immediate: true }], { now: T0, ...OPTIONS }).changed[0]!,
      silencedUntil: T0 + 3_600_000,
    };
    const resent = stepAlerts([firing], [mismatch], { now: T0 + 60_000, ...OPTIONS }).changed[0]!;
    expect(resent.silencedUntil).toBe(T0 + 3_600_000);
  });
});
