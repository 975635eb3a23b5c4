import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeZoneCursor } from '../../../apps/api/zones/zone.schemas';
import { encodeCursor } from '../../../libs/domain';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { routeTable, type RouteEntry } from '../../support/route-table';
import { useTestDatabase } from '../../support/test-database';

interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const ROOT = path.join(__dirname, '..', '..', '..');

/** A value each documented query parameter accepts, by its name. */
function sampleValue(name: string, zoneId: string): string {
  const base = name.replace(/~neq$/, '');
  const samples: Record<string, string> = {
    severity: 'high,critical',
    status: 'open',
    checker: 'dns',
    kind: 'spf_missing',
    subject: 'example.test',
    zone: zoneId,
    since: '2026-01-01T00:00:00Z',
    limit: '10',
    by: 'kind',
    format: 'csv',
    name: 'z-1.example.test',
    name_prefix: 'z-',
    account: '00000000-0000-4000-8000-000000000000',
    destination: '00000000-0000-4000-8000-000000000000',
  };
  const value = samples[base];
  if (value === undefined) throw new Error(`no sample value for the documented query parameter ${name}`);
  return value;
}

describe('the API contract: one schema per route, documented and generated into a typed client', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let document: OpenApi;
  let routes: RouteEntry[];
  const operation = (route: RouteEntry) =>
    document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()] as Operation;

  beforeAll(async () => {
    document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as OpenApi;
    routes = routeTable(api.app).filter((route) => route.path !== '/metrics');
  });

  it('when the route table is compared with /docs/openapi.json, then every route has its zod schema, typed parameters, a request body schema where it reads one, and success and error answer schemas', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      if (!route.schema) problems.push(`${name}: no defineRoute schema`);
      const op = operation(route);
      if (!op) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      for (const param of route.path.match(/:(\w+)/g) ?? []) {
        const documented = op.parameters?.find((p) => p.in === 'path' && p.name === param.slice(1));
        if (!documented?.schema) problems.push(`${name}: path parameter ${param} has no schema`);
      }
      for (const p of op.parameters ?? []) if (!p.schema) problems.push(`${name}: parameter ${p.name} has no schema`);
      if (route.schema?.body) {
        const content = Object.values(op.requestBody?.content ?? {});
        if (content.length === 0 || content.some((c) => !c.schema))
          problems.push(`${name}: request body without schema`);
      }
      const success = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
      if (success.length !== 1 || !Object.values(success[0]?.[1].content ?? {}).every((c) => c.schema))
        problems.push(`${name}: no success answer schema`);
      if (!route.isPublic && !op.responses['400']?.content?.['application/json']?.schema)
        problems.push(`${name}: the error envelope is not documented`);
    }
    expect(problems).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('when a client is generated from the document with openapi-typescript, then typed calls compile and wrong ones do not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-openapi-client-'));
    try {
      writeFileSync(path.join(dir, 'schema.d.ts'), astToString(await openapiTS(document as never)));
      writeFileSync(
        path.join(dir, 'calls.ts'),
        `import createClient from 'openapi-fetch';
import type { paths } from './schema';

declare const accountId: string;
declare const zoneId: string;
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });

export async function calls() {
  const list = await client.GET('/accounts/{accountId}/insights', {
    params: { path: { accountId }, query: { severity: 'high,critical', 'kind~neq': ['a', 'b'], limit: '10' } },
  });
  const severity: 'critical' | 'high' | 'moderate' | 'low' | 'info' | undefined = list.data?.result[0]?.severity;
  const cursor: string | null | undefined = list.data?.result_info?.cursor;
  const zones = await client.GET('/zones', { params: { query: { name_prefix: 'shop.' } } });
  const total: number | undefined = zones.data?.result_info?.total_count;
  const created = await client.POST('/accounts/{accountId}/zones', {
    params: { path: { accountId } },
    body: { name: 'example.com' },
  });
  const name: string | undefined = created.data?.result.name;
  const field: string | undefined = created.error?.errors[0]?.field;
  const counts = await client.GET('/zones/{zoneId}/insights/counts', { params: { path: { zoneId }, query: { by: 'status' } } });
  const count: number | undefined = counts.data?.result[0]?.count;
  const keys = await client.GET('/keys', { params: { query: { status: 'all' } } });
  const lastUsed: string | null | undefined = keys.data?.result[0]?.lastUsedAt;
  await client.PUT('/scheduler/frequency', { body: { frequency: '15m' } });
  // @ts-expect-error GET /zones has no offset parameter (pages go by cursor)
  await client.GET('/zones', { params: { query: { offset: '5' } } });
  // @ts-expect-error a zone's insights have no zone filter
  await client.GET('/zones/{zoneId}/insights', { params: { path: { zoneId }, query: { zone: zoneId } } });
  // @ts-expect-error counts by a dimension that does not exist
  await client.GET('/zones/{zoneId}/insights/counts', { params: { path: { zoneId }, query: { by: 'colour' } } });
  await client.PUT('/accounts/{accountId}/insights/{insightId}/dismiss', {
    params: { path: { accountId, insightId: '1' } },
    // @ts-expect-error dismiss is a boolean
    body: { dismiss: 'yes' },
  });
  return [severity, cursor, total, name, field, count, lastUsed];
}
`,
      );
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'es2022',
            module: 'esnext',
            moduleResolution: 'bundler',
            skipLibCheck: false,
            types: [],
            baseUrl: '.',
            paths: { 'openapi-fetch': [path.join(ROOT, 'node_modules', 'openapi-fetch', 'dist', 'index.d.mts')] },
          },
          files: ['calls.ts'],
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
          encoding: 'utf8',
        });
      } catch (error) {
        output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      }
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('when each documented query parameter is sent with a valid value, then the server accepts it; an undocumented one is refused naming it', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const zoneId = zoneIds[0] as string;
    const [insightId] = await buildInsights(db.pool, zoneId, [{}]);
    const refused: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const concrete = route.path
        .replace(':accountId', accountId)
        .replace(':zoneId', zoneId)
        .replace(':insightId', insightId as string);
      for (const param of operation(route).parameters?.filter((p) => p.in === 'query') ?? []) {
        // Cursors are opaque: one of the kind the route hands out (zones page by name, the rest by id).
        const choices = (param.schema as { enum?: string[] } | undefined)?.enum;
        const value = choices
          ? (choices[0] as string)
          : param.name !== 'cursor'
            ? sampleValue(param.name, zoneId)
            : route.path.endsWith('/zones')
              ? encodeZoneCursor('name', { key: null, name: 'a.example', id: zoneId })
              : encodeCursor(insightId as string);
        const query = new URLSearchParams({ [param.name]: value });
        const response = await api.request(api.adminKey.token, 'GET', `${concrete}?${query}`);
        checked += 1;
        if (response.status >= 400)
          refused.push(`${route.path}?${query} → ${response.status} ${response.text.slice(0, 160)}`);
      }
      if (route.isPublic || route.adminOnly) continue;
      const unknown = await api.request(api.adminKey.token, 'GET', `${concrete}?nope=1`);
      if (unknown.status !== 400 || unknown.json.errors[0].field !== 'nope')
        refused.push(`${route.path}?nope=1 was not refused naming nope (${unknown.status})`);
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(60);
  });
});
