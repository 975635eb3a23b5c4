import { CommandFailure } from '../../../libs/runtime';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { dataDirPath } from '../../../libs/config';
import { createPool, migrate } from '../../../libs/db';
import { provisionDatabase } from '../../../libs/devstack';
import { API_MAIN, prepareTargets, runEndpoints, startApiProcess, type EndpointResult } from './api-bench.run';
import { seedApiBench } from './api-bench.seed';
import type { BenchContext } from '../bench-context';

function count(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

interface Options {
  json?: boolean;
  insights: number;
  zones: number;
  accounts: number;
  connections: number;
  duration: number;
  deep: number;
  pool: number;
  label: string;
  compareWith?: string;
  compareLabel: string;
}

/**
 * `bench api`: seeds a database of its own (`<DATABASE_NAME>_bench_api`) with insights via
 * COPY, runs the API as a separate process, drives list (first and deep page) and counts with
 * concurrent clients (autocannon), and runs the same SQL directly through `pg` as the baseline.
 */
export function registerApiBenchCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('api')
    .description('API latency and throughput at scale, beside the same SQL run directly')
    .option('--insights <n>', 'insights to seed', count(1000, 50_000_000), 1_000_000)
    .option('--zones <n>', 'zones to seed', count(1, 1_000_000), 10_000)
    .option('--accounts <n>', 'accounts the zones are spread over', count(1, 100_000), 100)
    .option('--connections <n>', 'concurrent clients', count(1, 1000), 50)
    .option('--duration <seconds>', 'measured seconds per endpoint (API and SQL each)', count(1, 600), 10)
    .option('--deep <rows>', 'how far into an account the deep page starts', count(1, 10_000_000), 5000)
    .option('--pool <n>', 'PostgreSQL connections of the API process and of the SQL baseline', count(1, 500), 10)
    .option('--label <name>', "this tree's API in the table and JSON", 'this')
    .option(
      '--compare-with <dir>',
      'also drive the API of another built checkout (its dist/apps/api/main.js) on the same data, in the same run',
    )
    .option('--compare-label <name>', 'the other API in the table and JSON', 'compare')
    .option('--json', 'print one JSON line at the end')
    .action(async (options: Options) => {
      const ctx = context();
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const database = await provisionDatabase(ctx.config, ctx.log, {
        databaseName: `${ctx.config.database.name}_bench_api`,
        dataDir: dataDirPath(ctx.config.dataDir),
      });
      try {
        await migrate(database.url, ctx.log);
        const pool = createPool(database.url, options.pool, ctx.log);
        try {
          const seeded = await seedApiBench(pool, options, say);
          if (seeded.reused) say(`reusing the seeded bench database (${options.insights} insights)`);
          const targets = await prepareTargets(pool, options.deep);
          const variants: Array<[string, string]> = [[options.label, API_MAIN]];
          if (options.compareWith) {
            const other = path.resolve(options.compareWith, 'dist', 'apps', 'api', 'main.js');
            if (!existsSync(other))
              throw new CommandFailure(`--compare-with: ${other} does not exist; build that checkout first`);
            variants.push([options.compareLabel, other]);
          }
          const results: EndpointResult[] = [];
          for (const [variant, main] of variants) {
            const api = await startApiProcess(database.url, options.pool, main);
            try {
              say(`${variant} API at ${api.url}; ${options.connections} clients, ${targets.length} accounts`);
              results.push(
                ...(await runEndpoints(api.url, pool, targets, {
                  connections: options.connections,
                  seconds: options.duration,
                  say,
                  variant,
                })),
              );
            } finally {
              await api.stop();
            }
          }
          printTable(results, options);
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ bench: 'api', insights: options.insights, zones: options.zones, accounts: options.accounts, connections: options.connections, endpoints: results })}\n`,
            );
          }
        } finally {
          await pool.end();
        }
      } finally {
        await database.stop();
      }
    });
}

function printTable(results: EndpointResult[], options: Options): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `\nbench api: ${options.insights} insights, ${options.zones} zones, ${options.accounts} accounts, ${options.connections} clients, pool ${options.pool}`,
  );
  out(
    'variant    endpoint             API p50   API p99    API req/s  errors   SQL p50   SQL p99   SQL q/s   req/s API/SQL   p99<=25ms',
  );
  for (const r of results) {
    out(
      `${r.variant.padEnd(10)} ${r.name.padEnd(20)} ${`${r.p50_ms} ms`.padStart(8)} ${`${r.p99_ms} ms`.padStart(9)} ${String(r.rps).padStart(12)} ${String(r.errors).padStart(7)} ${`${r.sql_p50_ms} ms`.padStart(9)} ${`${r.sql_p99_ms} ms`.padStart(9)} ${String(r.sql_rps).padStart(9)} ${`${(r.rps / r.sql_rps).toFixed(2)}x`.padStart(15)} ${(r.p99_ms <= 25 ? 'yes' : 'NO').padStart(11)}`,
    );
  }
}
