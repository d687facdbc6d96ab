import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config';
import { cleanReason, probesView, type StoredProbeResult } from '../../../lib/probes';
import { probeFailureEvent } from '../../../lib/probes/failureEvents';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const config = parseConfig(
  {
    environments: ['staging', 'production'],
    probes: [
      {
        name: 'pair',
        environment: 'staging',
        token: { login: { url: 'http://127.0.0.1:1/login' } },
        targets: [
          { type: 'http', service: 'backend-rest', url: 'http://user:pw@127.0.0.1:1/me?debug=1' },
          {
            type: 'websocket',
            service: 'backend-websocket',
            url: 'ws://127.0.0.1:1/ws',
            ways: ['authorization', 'subprotocol'],
          },
        ],
      },
    ],
  },
  null,
);

const stored = (fields: Partial<StoredProbeResult>): StoredProbeResult => ({
  seq: 1,
  runId: 'r1',
  at: T0,
  since: T0,
  environment: 'staging',
  probe: 'pair',
  target: 'backend-websocket',
  kind: 'websocket',
  way: 'authorization',
  service: 'backend-websocket',
  instance: null,
  url: 'ws://127.0.0.1:1/ws',
  outcome: 'fail',
  status: 101,
  closeCode: 1008,
  reason: 'authentication failed',
  latencyMs: 3,
  tokenSource: 'login',
  signedBy: 'staging-primary',
  ...fields,
});

describe('probesView', () => {
  it('lists every configured target × way, pending until it has run, failing when one cell fails', () => {
    const latest = [
      stored({}),
      stored({
        seq: 2,
        target: 'backend-rest',
        kind: 'http',
        outcome: 'pass',
        status: 200,
        closeCode: null,
        reason: null,
      }),
    ];
    const [staging, production] = probesView(config.environments, config.probes, latest, latest);
    expect(production).toEqual({ environment: 'production', status: 'none', probes: [] });
    expect(staging.status).toBe('failing');
    const [rest, websocket] = staging.probes[0].targets;
    expect(rest).toMatchObject({
      name: 'backend-rest',
      url: 'http://127.0.0.1:1/me',
      ways: [{ way: 'authorization', outcome: 'pass', status: 200 }],
    });
    expect(
      websocket.ways.map((cell) => [cell.way, cell.outcome, cell.close_code, cell.since]),
    ).toEqual([
      ['authorization', 'fail', 1008, new Date(T0).toISOString()],
      ['subprotocol', null, null, null],
    ]);
  });

  it('is pending while no cell has failed and some have not run', () => {
    const [staging] = probesView(
      config.environments,
      config.probes,
      [
        stored({
          target: 'backend-rest',
          kind: 'http',
          outcome: 'pass',
          status: 200,
          closeCode: null,
        }),
      ],
      [],
    );
    expect(staging.status).toBe('pending');
  });
});

describe('probeFailureEvent', () => {
  it('makes a refusal a probe failure of the target service, and nothing of a timeout', () => {
    expect(probeFailureEvent(stored({ way: 'subprotocol' }), 'the-token')).toMatchObject({
      service: 'backend-websocket',
      close_code: 1008,
      token: 'the-token',
      error_code: 'WS_CLOSE_1008',
      error_message:
        'probe pair: backend-websocket via subprotocol closed 1008 "authentication failed"',
      details: { failure_context: { context: 'probe', method: 'subprotocol' } },
    });
    expect(
      probeFailureEvent(stored({ outcome: 'timeout', status: null, closeCode: null }), 'the-token'),
    ).toBeNull();
  });
});

describe('cleanReason', () => {
  it('redacts token-shaped text and the probe token itself, and cuts at 200 characters', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(cleanReason(`bad token ${jwt}`)).toBe('bad token [redacted token]');
    expect(cleanReason('opaque opaque-token-123456 rejected', 'opaque-token-123456')).toBe(
      'opaque [probe token] rejected',
    );
    expect(cleanReason('x'.repeat(500))).toHaveLength(200);
    expect(cleanReason('   ')).toBeNull();
  });
});

describe('the incident timeline', () => {
  it('lists probe state changes among the Markdown timeline events', async () => {
    const { incidentMarkdown, incidentReport } = await import('../../../lib/incidents');
    const report = incidentReport({
      environment: 'staging',
      from: T0,
      to: T0 + 3_600_000,
      aggregates: {
        total: 0,
        first: null,
        last: null,
        services: [],
        instances: [],
        users: [],
        signerVsResolver: [],
      },
      causes: { total: 0, items: [] },
      changes: [],
      probeChanges: [stored({ at: T0 + 60_000, since: T0 + 60_000, way: 'subprotocol' })],
    } as Parameters<typeof incidentReport>[0]);
    expect(report.probe_changes).toEqual([
      {
        at: new Date(T0 + 60_000).toISOString(),
        probe: 'pair',
        target: 'backend-websocket',
        way: 'subprotocol',
        outcome: 'fail',
        status: 101,
        close_code: 1008,
      },
    ]);
    expect(incidentMarkdown(report)).toContain(
      '- 2026-12-01 10:01:00 UTC — probe pair: backend-websocket via subprotocol fails: close 1008',
    );
  });
});
