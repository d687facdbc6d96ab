'use client';

import { Sparkline } from '@/components/fleet/Sparkline';
import { clockTime } from '@/lib/client/clockTime';
import type { FailureGroup } from '@/lib/client/failureTypes';

const members = (count: number, top: Array<{ name: string; count: number }>, noun: string) =>
  count === 0
    ? '—'
    : `${count} ${noun}${count === 1 ? '' : 's'}: ${top.map((entry) => `${entry.name} (${entry.count})`).join(', ')}${count > top.length ? ', …' : ''}`;

/**
 * Failures grouped into problems (Sentry's issue list, for auth): one row per environment,
 * service, cause, code, signer and resolved key, with its count and trend. A row opens its events.
 */
export function FailureGroupList({
  groups,
  onOpen,
  showEnvironment = true,
}: {
  groups: FailureGroup[];
  onOpen: (group: FailureGroup) => void;
  showEnvironment?: boolean;
}) {
  return (
    <table className="table groups-table" data-testid="failure-groups">
      <thead>
        <tr>
          <th>Problem</th>
          <th>Key: signed by → resolved</th>
          <th className="num">Failures</th>
          <th>Trend</th>
          <th>Last seen</th>
          <th>First seen</th>
          <th>Affected</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => {
          const instances = members(
            group.instances.count,
            group.instances.top.map((entry) => ({ name: entry.instance, count: entry.count })),
            'instance',
          );
          const users = members(
            group.users.count,
            group.users.top.map((entry) => ({ name: entry.user, count: entry.count })),
            'user',
          );
          return (
            <tr
              key={group.id}
              className="clickable"
              onClick={() => onOpen(group)}
              data-group-id={group.id}
              data-count={group.count}
            >
              <td className="group-problem">
                <strong>{group.cause ?? 'unexplained'}</strong>
                <span className="group-where">
                  {[
                    showEnvironment ? group.environment : null,
                    group.service ?? 'unknown service',
                    group.error_code,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {group.explanation && (
                  <span className="muted group-explanation">{group.explanation}</span>
                )}
              </td>
              <td className="nowrap">
                {group.signed_by ?? '—'} → {group.resolved_key ?? '—'}
              </td>
              <td className="num">
                <strong>{group.count.toLocaleString('en')}</strong>
              </td>
              <td>
                <Sparkline values={group.series} />
              </td>
              <td className="nowrap" title={group.last_seen}>
                {clockTime(group.last_seen)}
              </td>
              <td className="nowrap" title={group.first_seen}>
                {clockTime(group.first_seen)}
              </td>
              <td className="group-affected">
                <span title={instances}>{instances}</span>
                <span title={users}>{users}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
