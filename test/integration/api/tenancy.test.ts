import { beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createPolicy } from '../../../libs/db';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { routeTable, type RouteEntry } from '../../support/route-table';
import { useTestDatabase } from '../../support/test-database';

/**
 * Generated from the app's own route table: a route added tomorrow is covered without anyone
 * remembering. With account A's key, every route naming account B's resources answers 404
 * (403 for admin-only routes, whatever they name) and B's data is unchanged.
 */
describe('tenancy: account A’s key on account B’s resources', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let routes: RouteEntry[];
  let a: { accountId: string; zoneIds: string[]; insightIds: string[]; token: string };
  let b: { accountId: string; zoneIds: string[]; insightIds: string[] };
  // B's notification destination and policy, so the notification routes have real ids to probe.
  let bDestinationId: string;
  let bPolicyId: string;

  const snapshotOfB = async () =>
    (
      await db.pool.query(
        `SELECT
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM accounts t WHERE id = $1) AS accounts,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM zones t WHERE account_id = $1) AS zones,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM insights t WHERE account_id = $1) AS insights,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM insight_audit t WHERE account_id = $1) AS audit,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM api_keys t WHERE account_id = $1) AS keys,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM notification_destinations t WHERE account_id = $1) AS destinations,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM notification_policies t WHERE account_id = $1) AS policies,
           (SELECT count(*) FROM notification_deliveries t WHERE account_id = $1) AS deliveries`,
        [b.accountId],
      )
    ).rows[0];

  beforeAll(async () => {
    routes = routeTable(api.app);
    const build = async (prefix: string) => {
      const built = await buildAccountWithZones(db.pool, { count: 2, prefix });
      const insightIds = await buildInsights(db.pool, built.zoneIds[0] as string, [
        { severity: 'high' },
        { severity: 'low' },
      ]);
      return { accountId: built.accountId, zoneIds: built.zoneIds, insightIds };
    };
    a = { ...(await build('a')), token: '' };
    a.token = (await api.keyFor(a.accountId)).token;
    b = await build('b');
    await api.keyFor(b.accountId);
    const destination = await createDestination(db.pool, b.accountId, {
      type: 'webhook',
      name: 'b',
      url: 'https://hooks.example.com/b',
    });
    bDestinationId = destination.destination.id;
    const policy = await createPolicy(db.pool, b.accountId, {
      destinationId: bDestinationId,
      name: 'b',
      minSeverity: 'high',
      kinds: null,
      zoneIds: null,
      eventTypes: ['new'],
      mode: 'immediate',
      enabled: true,
    });
    bPolicyId = policy && 'policy' in policy ? policy.policy.id : '';
    // B has an audit trail too, so "changes nothing" covers it.
    await db.pool.query(
      `INSERT INTO insight_audit (insight_id, account_id, zone_id, changed_at, field, old_value, new_value, actor)
       VALUES ($1, $2, $3, now(), 'status', 'open', 'resolved', 'scan:test')`,
      [b.insightIds[0], b.accountId, b.zoneIds[0]],
    );
  });

  it('when the route table is read, then it holds every feature’s routes', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /accounts/:accountId/insights',
        'PUT /accounts/:accountId/insights/:insightId/dismiss',
        'POST /accounts/:accountId/zones/import',
        'GET /zones/:zoneId',
        'POST /zones/:zoneId/scan',
        'PUT /scheduler/frequency',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  /** Concrete paths for a route template, with B's ids (and A's account with B's insight). */
  function targets(route: RouteEntry): string[] {
    const fill = (accountId: string) =>
      route.path
        .replace(':accountId', accountId)
        .replace(':zoneId', b.zoneIds[0] as string)
        .replace(':insightId', b.insightIds[0] as string)
        .replace(':destinationId', bDestinationId)
        .replace(':policyId', bPolicyId);
    const out = [fill(b.accountId)];
    if (route.path.includes(':accountId') && route.path.includes(':insightId')) out.push(fill(a.accountId));
    return out;
  }

  /**
   * A valid body for each route that reads one: input is validated before resources are
   * resolved (a malformed body is a 400 whatever it names), so only a valid body reaches the
   * tenancy check. A new route with a body fails here until it has an example.
   */
  const VALID_BODIES: Record<string, { body: unknown; type?: string }> = {
    'POST /accounts/:accountId/zones': { body: { name: 'tenancy-probe.example' } },
    'POST /accounts/:accountId/zones/import': { body: 'tenancy-probe.example\n', type: 'text/csv' },
    'PATCH /zones/:zoneId': { body: { status: 'paused' } },
    'PUT /accounts/:accountId/insights/:insightId/dismiss': { body: { dismiss: true } },
    'PUT /accounts/:accountId/insights/:insightId/classification': { body: { classification: 'false_positive' } },
    'POST /accounts/:accountId/notifications/destinations': {
      body: { type: 'webhook', url: 'https://tenancy-probe.example/hook' },
    },
    'PUT /accounts/:accountId/plan': { body: { plan: 'pro' } },
    'PUT /zones/:zoneId/plan': { body: { plan: 'enterprise' } },
    'POST /accounts/:accountId/notifications/policies': {
      body: { destinationId: '00000000-0000-4000-8000-000000000000' },
    },
  };
  const bodyFor = (route: RouteEntry) => {
    if (route.method === 'GET' || route.method === 'DELETE') return { body: undefined };
    const key = `${route.method} ${route.path}`;
    if (/\/(scan|test|resume|rotate-secret)$/.test(route.path)) return { body: undefined };
    const example = VALID_BODIES[key];
    if (!example) throw new Error(`add a valid body for ${key} to VALID_BODIES`);
    return example;
  };

  it('when A’s key calls every route with B’s ids, then each answers 404 (403 if admin-only) and B is unchanged', async () => {
    const before = await snapshotOfB();
    const checked: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic && r.path.includes(':'))) {
      for (const path of targets(route)) {
        const { body, type } = bodyFor(route);
        const response = await api.request(a.token, route.method, path, body, type ? { 'content-type': type } : {});
        expect(`${route.method} ${path} → ${response.status}`).toBe(
          `${route.method} ${path} → ${route.adminOnly ? 403 : 404}`,
        );
        checked.push(`${route.method} ${route.path}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(18);
    expect(await snapshotOfB()).toEqual(before);
  });

  it('when A’s key calls the routes without ids, then no answer mentions B and B is unchanged', async () => {
    const before = await snapshotOfB();
    for (const route of routes.filter((r) => !r.isPublic && !r.path.includes(':'))) {
      const response = await api.request(a.token, route.method, route.path, route.method === 'GET' ? undefined : {});
      if (route.adminOnly)
        expect(`${route.method} ${route.path} → ${response.status}`).toBe(`${route.method} ${route.path} → 403`);
      for (const id of [b.accountId, ...b.zoneIds]) expect(response.text).not.toContain(id);
    }
    expect(await snapshotOfB()).toEqual(before);
  });

  it('when the same routes are called with A’s own ids, then they are not 404 (the test can tell the difference)', async () => {
    const response = await api.request(a.token, 'GET', `/accounts/${a.accountId}/insights/${a.insightIds[0]}`);
    expect(response.status).toBe(200);
    expect((await api.request(a.token, 'GET', `/zones/${a.zoneIds[0]}`)).status).toBe(200);
  });
});
