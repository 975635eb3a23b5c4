import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { routeTable } from '../../support/route-table';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

describe('OpenAPI document and Prometheus metrics', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);

  it('when /docs/openapi.json is read, then it documents every authenticated route of the app with bearer auth', async () => {
    const response = await fetch(`${api.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = routeTable(api.app)
      .filter((r) => r.path !== '/metrics')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(expected.sort());
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
  });

  it('when requests were served, then /metrics has latency histograms by route, pool gauges and the leader state', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    await api.request(api.adminKey.token, 'GET', `/accounts/${accountId}/insights`);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/accounts\/:accountId\/insights",status="200"\} 1/,
    );
    expect(text).toMatch(/db_pool_connections_total \d+/);
    expect(text).toContain('api_leader_active 1');
  });
});
