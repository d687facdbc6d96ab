import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentPath,
  incidentScenario,
  replayIncidents,
  type IncidentFacts,
  type IncidentScenario,
} from '../helpers/incidents';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let scenario: IncidentScenario;

beforeAll(async () => {
  scenario = incidentScenario();
  server = await startServer(scenario.env);
  await replayIncidents(server.url, scenario);
});

afterAll(async () => {
  await server?.stop();
});

const iso = (ms: number) => new Date(ms).toISOString();
const apiPath = (endpoint: string, facts: IncidentFacts) =>
  `/api/v1/${endpoint}?${incidentPath(facts).split('?')[1]}`;

async function report(facts: IncidentFacts) {
  const response = await fetch(`${server.url}${apiPath('incidents', facts)}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function markdown(facts: IncidentFacts) {
  const response = await fetch(`${server.url}${apiPath('incidents/markdown', facts)}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
  return response.text();
}

/** The secrets, tokens and token parts (claims, signatures) that must never be shown. */
function expectNothingSecret(text: string) {
  for (const secret of scenario.secrets) expect(text).not.toContain(secret);
  for (const token of scenario.tokens) {
    for (const part of [token, ...token.split('.').slice(1)]) expect(text).not.toContain(part);
  }
  expect(text).not.toContain(scenario.material.pepper.toString('base64url'));
}

describe.each([
  ['the drifted fallback chain (incident 1)', () => scenario.first],
  ['the secret-manager versions after restarts (incident 2)', () => scenario.second],
])('the incident view of %s', (_name, factsOf) => {
  it('reports what was replayed: total, first and last failure, counts by cause', async () => {
    const facts = factsOf();
    const body = await report(facts);
    expect(body).toMatchObject({
      environment: 'staging',
      from: iso(facts.from),
      to: iso(facts.to),
      total: facts.total,
    });
    expect(body.first_failure_at).toBe(iso(facts.firstFailureAt));
    expect(body.last_failure_at).toBe(iso(facts.lastFailureAt));
    expect(
      Object.fromEntries(
        body.causes.map((entry: { cause: string; count: number }) => [entry.cause, entry.count]),
      ),
    ).toEqual(facts.counts);
    expect(body.causes[0]).toMatchObject({
      cause: 'secret_mismatch',
      detail: facts.mismatchDetail,
    });
  });

  it('names the drifted service and the source it resolved in the signer-vs-resolver matrix', async () => {
    const facts = factsOf();
    const body = await report(facts);
    expect(body.signer_vs_resolver).toContainEqual(facts.matrix);
    expect(body.services).toEqual([{ service: 'backend-websocket', count: facts.total }]);
    expect(body.users.map((entry: { user: string }) => entry.user).sort()).toEqual(facts.users);
  });

  it('marks the fingerprint changes inside the window, and none outside it', async () => {
    const facts = factsOf();
    const body = await report(facts);
    for (const change of body.changes) {
      expect(Date.parse(change.at)).toBeGreaterThanOrEqual(facts.from);
      expect(Date.parse(change.at)).toBeLessThan(facts.to);
    }
    expect(body.changes).toHaveLength(facts.changes.length);
  });

  it('exports Markdown whose facts match the replay, with no token and no secret', async () => {
    const facts = factsOf();
    const text = await markdown(facts);
    expect(text).toContain(`- Failures: ${facts.total}`);
    expect(text).toContain(`- First failure: ${iso(facts.firstFailureAt)}`);
    for (const [cause, count] of Object.entries(facts.counts))
      expect(text).toMatch(new RegExp(`^\\| ${cause} \\| ${count} \\|`, 'm'));
    expect(text).toContain(facts.mismatchDetail);
    const { signed_by, service, resolved_key, resolved_source, count } = facts.matrix;
    expect(text).toContain(
      `| ${signed_by} | ${service} | ${resolved_key} | ${resolved_source} | ${count} |`,
    );
    for (const change of facts.changes) expect(text).toContain(change);
    expect(text).toContain(`Dashboard view: ${incidentPath(facts)}`);
    expectNothingSecret(text);
  });

  it('shows nothing secret in its JSON either', async () => {
    expectNothingSecret(JSON.stringify(await report(factsOf())));
  });
});

describe('the incident API refuses what it cannot answer', () => {
  it.each([
    ['no window', '?environment=staging', 'from'],
    ['a relative time', '?environment=staging&from=now-1h&to=now', 'from'],
    [
      '"from" after "to"',
      `?environment=staging&from=${iso(Date.now())}&to=${iso(Date.now() - 60_000)}`,
      'from',
    ],
    [
      'a window longer than 31 days',
      `?environment=staging&from=${iso(Date.now() - 40 * 86_400_000)}&to=${iso(Date.now())}`,
      'to',
    ],
    [
      'an unknown parameter',
      `?environment=staging&from=${iso(Date.now() - 60_000)}&to=${iso(Date.now())}&token=x`,
      'token',
    ],
  ])('answers 400 for %s, naming the field, in both formats', async (_name, query, field) => {
    for (const endpoint of ['incidents', 'incidents/markdown']) {
      const response = await fetch(`${server.url}/api/v1/${endpoint}${query}`);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
      expect(body.error.message).toContain(field);
    }
  });

  it('answers 404 for an environment that is not configured', async () => {
    const response = await fetch(
      `${server.url}/api/v1/incidents?environment=nowhere&from=${iso(Date.now() - 60_000)}&to=${iso(Date.now())}`,
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('shows an empty window as empty, not as an error', async () => {
    const body = await report({
      ...scenario.first,
      from: Date.now() - 10 * 60_000,
      to: Date.now() - 5 * 60_000,
    });
    expect(body).toMatchObject({ total: 0, first_failure_at: null, causes: [], changes: [] });
    const text = await markdown({
      ...scenario.first,
      from: Date.now() - 10 * 60_000,
      to: Date.now() - 5 * 60_000,
    });
    expect(text).toContain('- Failures: 0');
    expect(text).toContain('nothing recorded in this window');
  });
});
