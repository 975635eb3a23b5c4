import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { routeTable } from '../../support/route-table';
import { useTestDatabase } from '../../support/test-database';

const HOSTILE_IDS = [
  '%FF',
  "1'; DROP TABLE insights; --",
  '99999999999999999999999',
  '-1',
  '0',
  'null',
  '%00',
  'a'.repeat(5000),
  '..%2F..%2Fetc',
];
const HOSTILE_QUERIES = [
  'limit=1e9',
  'limit=-1&limit=2',
  'cursor=&cursor=x',
  'severity=%00',
  'since=2026-13-45T99:99:99Z',
  'by=zone;DROP',
  `kind=${'k,'.repeat(200)}`,
  'zone~neq=00000000-0000-4000-8000-00000000000g',
  'format=csv&format=ndjson',
  'offset=99999999999',
];
const HOSTILE_BODIES: Array<[string, string]> = [
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"text"'],
  ['application/json', '{"dismiss":true,"until":"0000-00-00"}'],
  ['application/json', '{"name":{"$gt":""},"status":["paused"],"frequency":1e400}'],
  ['application/json', '{"__proto__":{"admin":true}}'],
  ['text/csv', '\u0000\u0001,\n"unterminated'],
  ['application/x-ndjson', '{"name":"\u0000.example"}\n{"name":"' + 'a'.repeat(300) + '.com"}'],
  ['application/xml', '<zones/>'],
];

/** Whatever a client sends to whichever route, the answer is never a 5xx. */
describe('hostile input on every route', () => {
  const db = useTestDatabase();
  let connection: Connection;
  beforeAll(async () => {
    // The real Temporal server, with a task-queue prefix whose scheduler does not exist: signals and queries find no workflow.
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
  });
  const api = useTestApi(db, () => ({
    env: { TASK_QUEUE_PREFIX: `hostile-${Date.now()}` },
    temporalClient: new Client({ connection }),
  }));
  let fill: (path: string, id?: string) => string;
  beforeAll(async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const [insightId] = await buildInsights(db.pool, zoneIds[0] as string, [{}]);
    fill = (path, id) =>
      path
        .replace(':accountId', id ?? accountId)
        .replace(':zoneId', id ?? (zoneIds[0] as string))
        .replace(':insightId', id ?? (insightId as string));
  });

  it('when ids, queries and bodies are malformed or hostile, then no route answers a 500 and the tables survive', async () => {
    const failures: string[] = [];
    const check = async (method: string, path: string, body?: string, type?: string) => {
      const response = await api.request(api.adminKey.token, method, path, body, type ? { 'content-type': type } : {});
      if (response.status >= 500)
        failures.push(
          `${method} ${path.slice(0, 120)} ${type ?? ''} → ${response.status} ${response.text.slice(0, 200)}`,
        );
    };
    for (const route of routeTable(api.app).filter((r) => !r.isPublic)) {
      for (const id of HOSTILE_IDS) if (route.path.includes(':')) await check(route.method, fill(route.path, id));
      // Real ids with hostile queries, except on DELETE (which would remove the fixtures).
      if (route.method !== 'DELETE')
        for (const query of HOSTILE_QUERIES) await check(route.method, `${fill(route.path)}?${query}`);
      if (route.method !== 'GET' && route.method !== 'DELETE') {
        for (const [type, body] of HOSTILE_BODIES) await check(route.method, fill(route.path), body, type);
      }
    }
    expect(failures).toEqual([]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM insights')).rows[0].n).toBe(1);
  }, 120_000);
});
