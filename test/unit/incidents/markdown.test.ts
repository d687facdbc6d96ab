import { describe, expect, it } from 'vitest';
import type { CauseSummary, IncidentAggregates } from '../../../lib/failures/types';
import type { FleetChange } from '../../../lib/fleet/views';
import { incidentMarkdown } from '../../../lib/incidents/markdown';
import { incidentReport } from '../../../lib/incidents/report';
import type { StoredProbeResult } from '../../../lib/probes/types';

const T = (hhmm: string) => Date.parse(`2026-12-03T${hhmm}:00.000Z`);
const FROM = T('10:00');
const TO = T('11:00');

const EMPTY: IncidentAggregates = {
  total: 0,
  first: null,
  last: null,
  services: [],
  instances: [],
  users: [],
  signerVsResolver: [],
};

const AGGREGATES: IncidentAggregates = {
  total: 12,
  first: T('10:05') + 123,
  last: T('10:40'),
  services: [
    { service: 'backend-websocket', count: 10 },
    { service: null, count: 2 },
  ],
  instances: [
    { service: 'backend-websocket', instance: 'ws-1', count: 10 },
    { service: null, instance: null, count: 2 },
  ],
  users: [
    { user: 'alice', count: 7 },
    { user: 'bob', count: 5 },
  ],
  signerVsResolver: [
    {
      signed_by: 'staging-primary',
      service: 'backend-websocket',
      resolved_key: 'staging-legacy',
      resolved_source: 'env:JWT_SECRET_KEY',
      count: 10,
    },
    {
      signed_by: 'staging-primary',
      service: 'backend-rest',
      resolved_key: null,
      resolved_source: 'vault:kv/a|b',
      count: 1,
    },
    { signed_by: null, service: 'x', resolved_key: null, resolved_source: null, count: 1 },
  ],
};

const CAUSES: CauseSummary = {
  total: 12,
  items: [
    { cause: 'secret_mismatch', count: 10, share: 10 / 12, detail: 'signed with a | b\nkey' },
    { cause: 'missing_token', count: 2, share: 2 / 12, detail: null },
  ],
};

const change = (overrides: Partial<FleetChange>): FleetChange => ({
  id: '1',
  at: new Date(T('10:02')).toISOString(),
  environment: 'staging',
  purpose: 'access-token',
  service: 'backend-websocket',
  instance: 'ws-1',
  kind: 'changed',
  key_id: 'staging-legacy',
  fingerprint: 'hmac-sha256/16:0000000000000002',
  previous_key_id: 'staging-primary',
  previous_fingerprint: 'hmac-sha256/16:0000000000000001',
  source: 'env:JWT_SECRET_KEY',
  version: '4',
  ...overrides,
});

const probe = (overrides: Partial<StoredProbeResult>): StoredProbeResult => ({
  runId: 'r1',
  at: T('10:03'),
  environment: 'staging',
  probe: 'ws-login',
  target: 'backend-websocket',
  kind: 'websocket',
  way: 'subprotocol',
  service: 'backend-websocket',
  instance: null,
  url: 'ws://127.0.0.1:9000/ws',
  outcome: 'fail',
  status: null,
  closeCode: 4401,
  reason: null,
  latencyMs: 5,
  tokenSource: 'login',
  signedBy: 'staging-primary',
  seq: 1,
  since: T('10:03'),
  ...overrides,
});

const report = (overrides: Partial<Parameters<typeof incidentReport>[0]> = {}) =>
  incidentReport({
    environment: 'staging',
    from: FROM,
    to: TO,
    aggregates: AGGREGATES,
    causes: CAUSES,
    changes: [change({})],
    probeChanges: [probe({})],
    ...overrides,
  });

describe('incidentMarkdown (lib/incidents/markdown.ts)', () => {
  it('titles the write-up with the environment and the window in UTC', () => {
    const text = incidentMarkdown(report());
    expect(text.split('\n')[0]).toBe(
      '# Auth failures in staging: 2026-12-03 10:00:00 UTC – 2026-12-03 11:00:00 UTC',
    );
  });

  it('links the dashboard view only when given', () => {
    expect(incidentMarkdown(report(), 'https://authscope/incidents?x=1')).toContain(
      '\nDashboard view: https://authscope/incidents?x=1\n',
    );
    expect(incidentMarkdown(report())).not.toContain('Dashboard view');
  });

  it('states the facts: totals, first and last failure, leading cause, who was affected', () => {
    const causes = {
      ...CAUSES,
      items: [{ ...CAUSES.items[0], detail: 'signed with staging-primary' }, CAUSES.items[1]],
    };
    const text = incidentMarkdown(report({ causes }));
    const facts = text.slice(text.indexOf('## Facts'), text.indexOf('## Causes'));
    expect(facts.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- Environment: staging',
      '- Window: 2026-12-03T10:00:00.000Z – 2026-12-03T11:00:00.000Z',
      '- Failures: 12',
      '- First failure: 2026-12-03T10:05:00.123Z',
      '- Last failure: 2026-12-03T10:40:00.000Z',
      '- Leading cause: secret_mismatch (83 %) — signed with staging-primary',
      '- Affected services: backend-websocket (10), unknown (2)',
      '- Affected instances: 2; users: 2',
    ]);
  });

  it('escapes pipes and line breaks in table cells, and shows a missing value as a dash', () => {
    const text = incidentMarkdown(report());
    expect(text).toContain(
      [
        '| cause | failures | share | explanation |',
        '| --- | ---: | ---: | --- |',
        '| secret_mismatch | 10 | 83 % | signed with a \\| b key |',
        '| missing_token | 2 | 17 % | — |',
      ].join('\n'),
    );
  });

  it('shows signer vs resolver rows that name a key, and says when the resolved key is unknown', () => {
    const text = incidentMarkdown(report());
    expect(text).toContain(
      '| staging-primary | backend-websocket | staging-legacy | env:JWT_SECRET_KEY | 10 |',
    );
    expect(text).toContain(
      '| staging-primary | backend-rest | a key authscope does not hold | vault:kv/a\\|b | 1 |',
    );
    expect(text).not.toContain('| — | x |');
  });

  it('puts fingerprint changes, probe changes and the first and last failure on one sorted timeline', () => {
    const text = incidentMarkdown(
      report({
        changes: [
          change({}),
          change({
            id: '2',
            at: new Date(T('10:01')).toISOString(),
            kind: 'first_seen',
            instance: 'ws-2',
            key_id: null,
            previous_key_id: null,
            previous_fingerprint: null,
            source: null,
            version: null,
          }),
        ],
        probeChanges: [
          probe({}),
          probe({ at: T('10:50'), outcome: 'pass', closeCode: null, status: 101 }),
          probe({ at: T('10:51'), outcome: 'unreachable', closeCode: null, status: null }),
          probe({
            at: T('10:52'),
            kind: 'http',
            way: 'authorization',
            outcome: 'fail',
            closeCode: null,
            status: 401,
          }),
        ],
      }),
    );
    const timeline = text
      .slice(text.indexOf('## Timeline'))
      .split('\n')
      .filter((line) => line.startsWith('- '));
    expect(timeline).toEqual([
      '- 2026-12-03 10:01:00 UTC — backend-websocket/ws-2 reports hmac-sha256/16:0000000000000002',
      '- 2026-12-03 10:02:00 UTC — backend-websocket/ws-1 changed staging-primary → staging-legacy from env:JWT_SECRET_KEY v4',
      '- 2026-12-03 10:03:00 UTC — probe ws-login: backend-websocket via subprotocol fails: close 4401',
      '- 2026-12-03 10:05:00 UTC — first failure',
      '- 2026-12-03 10:40:00 UTC — last failure',
      '- 2026-12-03 10:50:00 UTC — probe ws-login: backend-websocket via subprotocol passes (101)',
      '- 2026-12-03 10:51:00 UTC — probe ws-login: backend-websocket via subprotocol fails: unreachable',
      '- 2026-12-03 10:52:00 UTC — probe ws-login: backend-websocket via authorization fails: HTTP 401',
    ]);
  });

  it('says so when nothing happened, and leaves out the empty tables', () => {
    const text = incidentMarkdown(
      report({ aggregates: EMPTY, causes: { total: 0, items: [] }, changes: [], probeChanges: [] }),
    );
    expect(text).toContain('- Failures: 0\n');
    expect(text).toContain('- Affected services: none\n');
    expect(text).not.toContain('First failure');
    expect(text).not.toContain('Leading cause');
    expect(text).not.toContain('## Causes');
    expect(text).not.toContain('## Signed by');
    expect(text).toContain('## Timeline\n\n- nothing recorded in this window\n');
  });

  it('ends the leading cause at its share when it has no explanation', () => {
    const causes = { total: 2, items: [CAUSES.items[1]] };
    expect(incidentMarkdown(report({ causes }))).toContain(
      '\n- Leading cause: missing_token (17 %)\n',
    );
  });

  it('keeps a multi-line explanation on the leading cause line', () => {
    const causes = {
      total: 2,
      items: [{ ...CAUSES.items[1], detail: 'first line\nsecond | part' }],
    };
    expect(incidentMarkdown(report({ causes }))).toContain(
      '\n- Leading cause: missing_token (17 %) — first line second \\| part\n',
    );
  });

  it('lists a single failure once on the timeline', () => {
    const text = incidentMarkdown(
      report({
        aggregates: { ...EMPTY, total: 1, first: T('10:10'), last: T('10:10') },
        changes: [],
        probeChanges: [],
      }),
    );
    expect(text).toContain('first failure');
    expect(text).not.toContain('last failure');
  });
});

describe('incidentReport (lib/incidents/report.ts)', () => {
  it('sorts changes oldest first, by id within one instant, and drops the probe environment', () => {
    const at = new Date(T('10:02')).toISOString();
    const built = report({
      changes: [
        change({ id: '10', at }),
        change({ id: '9', at }),
        change({ id: '1', at: new Date(T('10:01')).toISOString() }),
      ],
    });
    expect(built.changes.map((entry) => entry.id)).toEqual(['1', '9', '10']);
    expect(built.probe_changes).toEqual([
      {
        at: '2026-12-03T10:03:00.000Z',
        probe: 'ws-login',
        target: 'backend-websocket',
        way: 'subprotocol',
        outcome: 'fail',
        status: null,
        close_code: 4401,
      },
    ]);
  });

  it('shows an unstorable first or last time as null instead of throwing', () => {
    const built = report({ aggregates: { ...AGGREGATES, first: Number.NaN, last: 1e17 } });
    expect(built.first_failure_at).toBeNull();
    expect(built.last_failure_at).toBeNull();
  });
});
