import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentScenario, replayIncidents, type IncidentScenario } from '../helpers/incidents';
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

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Group {
  id: string;
  environment: string;
  service: string | null;
  cause: string | null;
  error_code: string | null;
  signed_by: string | null;
  resolved_key: string | null;
  count: number;
  first_seen: string;
  last_seen: string;
  explanation: string | null;
  series: number[];
  instances: { count: number; top: Array<{ instance: string; count: number }> };
  users: { count: number; top: Array<{ user: string; count: number }> };
}

async function get(pathAndQuery: string) {
  const response = await fetch(`${server.url}${pathAndQuery}`);
  return { status: response.status, body: await response.json() };
}

async function groups(query: Record<string, string>): Promise<{
  items: Group[];
  next_cursor: string | null;
  series: { since: string; until: string };
}> {
  const { status, body } = await get(`/api/v1/failures/groups?${new URLSearchParams(query)}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function listCount(query: Record<string, string>): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const { status, body } = await get(
      `/api/v1/failures?${new URLSearchParams({ ...query, limit: '500', ...(cursor ? { cursor } : {}) })}`,
    );
    expect(status).toBe(200);
    count += body.items.length;
    cursor = body.next_cursor;
  } while (cursor);
  return count;
}

const windowOf = (facts: { from: number; to: number }) => ({
  environment: 'staging',
  since: iso(facts.from),
  until: iso(facts.to),
});

describe('GET /api/v1/failures/groups', () => {
  it('shows the first incident as three problems, the drifted chain first and largest', async () => {
    const page = await groups(windowOf(scenario.first));
    expect(page.items.map((group) => [group.cause, group.count]).sort()).toEqual([
      ['missing_token', 2],
      ['not_a_jwt', 1],
      ['secret_mismatch', 12],
    ]);
    const mismatch = page.items.find((group) => group.cause === 'secret_mismatch')!;
    expect(mismatch).toMatchObject({
      environment: 'staging',
      service: 'backend-websocket',
      signed_by: 'staging-primary',
      resolved_key: 'staging-legacy',
      first_seen: iso(scenario.first.firstFailureAt),
      explanation: scenario.first.mismatchDetail,
      instances: { count: 1, top: [{ instance: 'ws-7f9c', count: 12 }] },
      users: {
        count: 2,
        top: [
          { user: 'staging-e2e-user-001', count: 6 },
          { user: 'staging-e2e-user-002', count: 6 },
        ],
      },
    });
    expect(mismatch.series.reduce((a, b) => a + b, 0)).toBe(12);
    expect(mismatch.series).toHaveLength(30);
  });

  it('shows the second incident as one problem: v5 tokens against ws-2 on v4', async () => {
    const page = await groups(windowOf(scenario.second));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      cause: 'secret_mismatch',
      count: 8,
      signed_by: 'staging-jwt-v5',
      resolved_key: 'staging-jwt-v4',
      instances: { count: 1, top: [{ instance: 'ws-2', count: 8 }] },
    });
  });

  it('counts what the list gives for each group id, over the same filters', async () => {
    const query = {
      environment: 'staging',
      since: iso(scenario.first.from),
      until: iso(scenario.second.to),
    };
    const page = await groups(query);
    expect(page.items.length).toBe(4);
    expect(page.items.reduce((sum, group) => sum + group.count, 0)).toBe(await listCount(query));
    for (const group of page.items)
      expect(await listCount({ ...query, group: group.id }), group.cause ?? '').toBe(group.count);
  });

  it('applies the list filters', async () => {
    const base = { since: iso(scenario.first.from), until: iso(scenario.second.to) };
    expect((await groups({ ...base, environment: 'production' })).items).toEqual([]);
    const byCause = await groups({ ...base, cause: 'secret_mismatch' });
    expect(byCause.items.map((group) => group.count).sort((a, b) => a - b)).toEqual([8, 12]);
    const byUser = await groups({ ...base, user: 'staging-e2e-user-002' });
    expect(byUser.items.reduce((sum, group) => sum + group.count, 0)).toBe(
      await listCount({ ...base, user: 'staging-e2e-user-002' }),
    );
    const bySigner = await groups({ ...base, signed_by: 'staging-jwt-v5' });
    expect(bySigner.items.map((group) => group.count)).toEqual([8]);
  });

  it('pages with cursor and limit, most recently failing first, each group once', async () => {
    const query = {
      environment: 'staging',
      since: iso(scenario.first.from),
      until: iso(scenario.second.to),
    };
    const all = (await groups(query)).items;
    const walked: Group[] = [];
    let cursor: string | null = null;
    do {
      const page = await groups({ ...query, limit: '1', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBe(1);
      walked.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    expect(walked.map((group) => group.id)).toEqual(all.map((group) => group.id));
    const lastSeen = walked.map((group) => Date.parse(group.last_seen));
    expect(lastSeen).toEqual([...lastSeen].sort((a, b) => b - a));
  });

  it.each([
    ['a group id it did not give out', 'group=bm9wZQ', 'group'],
    ['a cursor it did not give out', 'cursor=bm9wZQ', 'cursor'],
    ['a limit above 200', 'limit=201', 'limit'],
    ['an unknown parameter', 'by=cause', 'by'],
  ])('answers 400 naming the parameter for %s', async (_what, query, path) => {
    const { status, body } = await get(`/api/v1/failures/groups?${query}`);
    expect(status).toBe(400);
    expect(body.error.issues).toContainEqual(expect.objectContaining({ path }));
  });
});

describe('numbers that agree', () => {
  const statsTotal = async (query: Record<string, string>, bucket: 'minute' | 'hour') => {
    const { status, body } = await get(
      `/api/v1/failures/stats?${new URLSearchParams({ ...query, bucket, by: 'cause' })}`,
    );
    expect(status).toBe(200);
    return (body.points as Array<{ counts: Record<string, number> }>).reduce(
      (sum, point) => sum + Object.values(point.counts).reduce((a, b) => a + b, 0),
      0,
    );
  };
  const incidentTotal = async (from: number, to: number) => {
    const { status, body } = await get(
      `/api/v1/incidents?${new URLSearchParams({ environment: 'staging', from: iso(from), to: iso(to) })}`,
    );
    expect(status).toBe(200);
    return body.total as number;
  };

  // Window ends inside a minute, mid-incident: the old stats rounded the end up to the next minute.
  const t1 = () => scenario.material.t1;
  const RANGES: Array<[string, () => [number, number]]> = [
    ['the first incident window', () => [scenario.first.from, scenario.first.to]],
    [
      'a window starting and ending inside minutes',
      () => [t1() + 100_000, t1() + 4 * MINUTE + 10_000],
    ],
    ['a window ending a second after a failure', () => [t1(), t1() + 90_000 + 5 * 30_000 + 1_000]],
    [
      'both incidents, hour buckets',
      () => [scenario.first.from + 7_000, scenario.second.to - 7_000],
    ],
  ];

  it.each(RANGES)(
    'gives one total for %s: stats (minute and hour), incident, list and groups',
    async (_name, range) => {
      const [from, to] = range();
      const query = { environment: 'staging', since: iso(from), until: iso(to) };
      const total = await listCount(query);
      expect(total).toBeGreaterThan(0);
      expect(await incidentTotal(from, to)).toBe(total);
      if (to - from <= 6 * 60 * MINUTE) expect(await statsTotal(query, 'minute')).toBe(total);
      expect(await statsTotal(query, 'hour')).toBe(total);
      expect((await groups(query)).items.reduce((sum, group) => sum + group.count, 0)).toBe(total);
    },
  );
});

describe('the exported Markdown', () => {
  it('has a file name that reads as a date and time', async () => {
    const { from, to } = scenario.first;
    const response = await fetch(
      `${server.url}/api/v1/incidents/markdown?${new URLSearchParams({ environment: 'staging', from: iso(from), to: iso(to) })}`,
    );
    expect(response.status).toBe(200);
    const stamp = iso(from).slice(0, 16).replace('T', '_').replace(':', '-');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="incident-staging-${stamp}Z.md"`,
    );
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\d_\d\d-\d\d$/);
  });
});
