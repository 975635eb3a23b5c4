import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { countInsights, countInsightsInFull, createApiKey, listInsights } from '../../../libs/db';
import { encodeCursor } from '../../../libs/domain';
import { CommandFailure, freePort } from '../../../libs/runtime';

export interface EndpointResult {
  /** Which API build served: this tree, or the one given with --compare-with. */
  variant: string;
  name: string;
  p50_ms: number;
  p99_ms: number;
  rps: number;
  errors: number;
  sql_p50_ms: number;
  sql_p99_ms: number;
  sql_rps: number;
}

interface Target {
  accountId: string;
  token: string;
  deepAfterId: string;
}

interface Endpoint {
  name: string;
  path: (t: Target) => string;
  sql: (pool: Pool, t: Target) => Promise<unknown>;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'list_first_page',
    path: (t) => `/accounts/${t.accountId}/insights?limit=50`,
    sql: (pool, t) => listInsights(pool, { accountId: t.accountId }, { values: [] }, { limit: 50 }),
  },
  {
    name: 'list_deep_page',
    path: (t) => `/accounts/${t.accountId}/insights?limit=50&cursor=${encodeCursor(t.deepAfterId)}`,
    sql: (pool, t) =>
      listInsights(pool, { accountId: t.accountId }, { values: [] }, { limit: 50, afterId: t.deepAfterId }),
  },
  {
    name: 'counts_by_severity',
    path: (t) => `/accounts/${t.accountId}/insights/counts?by=severity`,
    sql: (pool, t) => countInsights(pool, { accountId: t.accountId }, { values: [] }, 'severity'),
  },
  {
    name: 'counts_by_kind',
    path: (t) => `/accounts/${t.accountId}/insights/counts?by=kind`,
    sql: (pool, t) => countInsights(pool, { accountId: t.accountId }, { values: [] }, 'kind'),
  },
  // The same counts without the summary (before it existed): a `since` filter the summary
  // cannot answer makes the API count the insights themselves; the result is the same set.
  {
    name: 'counts_severity_full',
    path: (t) => `/accounts/${t.accountId}/insights/counts?by=severity&since=2000-01-01T00:00:00Z`,
    sql: (pool, t) =>
      countInsightsInFull(
        pool,
        { accountId: t.accountId },
        { values: [], since: { at: new Date('2000-01-01T00:00:00Z'), negate: false } },
        'severity',
      ),
  },
];

/** One key per account and, per account, the id after which a deep page (`deepOffset` rows in) starts. */
export async function prepareTargets(pool: Pool, deepOffset: number): Promise<Target[]> {
  await pool.query(`DELETE FROM api_keys WHERE name = 'bench api'`);
  const accounts = await pool.query<{ id: string; deep: string | null }>(
    `SELECT a.id, (SELECT i.id::text FROM insights i WHERE i.account_id = a.id ORDER BY i.id DESC OFFSET $1 LIMIT 1) AS deep
     FROM accounts a ORDER BY a.id`,
    [deepOffset],
  );
  const targets: Target[] = [];
  for (const row of accounts.rows) {
    if (row.deep === null) continue;
    targets.push({
      accountId: row.id,
      token: (await createApiKey(pool, row.id, 'bench api')).token,
      deepAfterId: row.deep,
    });
  }
  if (targets.length === 0)
    throw new CommandFailure(`no account has more than ${deepOffset} insights; seed more or lower --deep`);
  return targets;
}

/** This tree's API entry point (dist/apps/api/main.js). */
export const API_MAIN = path.join(__dirname, '..', '..', 'api', 'main.js');

/**
 * Starts the API as its own process (as in production), from `main` (this tree's, or another
 * built tree's for a comparison in the same run), and resolves once it is ready (active).
 */
export async function startApiProcess(
  databaseUrl: string,
  poolSize: number,
  main: string = API_MAIN,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      DB_POOL_SIZE: String(poolSize),
      API_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the API process did not become ready on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

async function driveApi(url: string, endpoint: Endpoint, targets: Target[], connections: number, seconds: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const target = targets[next++ % targets.length] as Target;
          return {
            ...request,
            path: endpoint.path(target),
            headers: { ...request.headers, authorization: `Bearer ${target.token}` },
          };
        },
      },
    ],
  });
}

async function driveSql(pool: Pool, endpoint: Endpoint, targets: Target[], concurrency: number, seconds: number) {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const target = targets[next++ % targets.length] as Target;
      const started = performance.now();
      await endpoint.sql(pool, target);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / seconds };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Drives every endpoint through the API with autocannon, then the same SQL through `pg`, at the same concurrency. */
export async function runEndpoints(
  apiUrl: string,
  sqlPool: Pool,
  targets: Target[],
  options: { connections: number; seconds: number; say: (line: string) => void; variant: string },
): Promise<EndpointResult[]> {
  const results: EndpointResult[] = [];
  for (const endpoint of ENDPOINTS) {
    options.say(`  ${options.variant} ${endpoint.name}: warm-up, API ${options.seconds} s, SQL ${options.seconds} s …`);
    await driveApi(apiUrl, endpoint, targets, options.connections, 2);
    const api = await driveApi(apiUrl, endpoint, targets, options.connections, options.seconds);
    await driveSql(sqlPool, endpoint, targets, options.connections, 1);
    const sql = await driveSql(sqlPool, endpoint, targets, options.connections, options.seconds);
    results.push({
      variant: options.variant,
      name: endpoint.name,
      p50_ms: api.latency.p50,
      p99_ms: api.latency.p99,
      rps: round(api.requests.average),
      errors: api.non2xx + api.errors + api.timeouts,
      sql_p50_ms: round(sql.p50),
      sql_p99_ms: round(sql.p99),
      sql_rps: round(sql.rps),
    });
  }
  return results;
}
