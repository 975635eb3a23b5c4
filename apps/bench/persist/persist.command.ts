import { InvalidArgumentError, type Command } from 'commander';
import { dataDirPath } from '../../../libs/config';
import { createClient, migrate, withDatabase } from '../../../libs/db';
import { provisionDatabase } from '../../../libs/devstack';
import { runPersistBench } from './persist-bench';
import { formatPersistTable } from './persist-report';
import type { BenchContext } from '../bench-context';

function sizeList(value: string): number[] {
  const sizes = value.split(',').map((part) => part.trim());
  if (sizes.length === 0 || sizes.some((size) => !/^\d+$/.test(size) || Number(size) < 1 || Number(size) > 1_000_000)) {
    throw new InvalidArgumentError('use a comma-separated list of row counts from 1 to 1,000,000, e.g. 1,10,100');
  }
  return sizes.map(Number);
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

/**
 * `bench persist`: the insight writer's paths against the real PostgreSQL, in a database of
 * its own that is dropped and re-created on every run so runs compare.
 */
export function registerBenchPersistCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('persist')
    .description(
      'per-row INSERT vs UNNEST vs COPY vs the hybrid writer vs raw COPY, rows/s per batch size, plus catalog growth',
    )
    .option('--sizes <rows>', 'batch sizes to measure', sizeList, [1, 10, 100, 1000, 10_000, 100_000])
    .option(
      '--threshold <rows>',
      'the hybrid switches to COPY at this many rows (default: PERSIST_COPY_THRESHOLD)',
      wholeNumber,
    )
    .option('--catalog-batches <count>', 'small batches per path for the catalog-growth measurement', wholeNumber, 1000)
    .option('--database <name>', 'database to (re)create for the benchmark (default: <DATABASE_NAME>_bench)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(
      async (options: {
        sizes: number[];
        threshold?: number;
        catalogBatches: number;
        database?: string;
        json?: boolean;
      }) => {
        const ctx = context();
        const name = options.database ?? `${ctx.config.database.name}_bench`;
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || !name.includes('bench')) {
          throw new InvalidArgumentError(
            `--database ${name}: the benchmark drops this database, so its name must be an identifier containing "bench"`,
          );
        }
        const threshold = options.threshold ?? ctx.config.persist.copyThreshold;
        const database = await provisionDatabase(ctx.config, ctx.log, {
          databaseName: name,
          dataDir: dataDirPath(ctx.config.dataDir),
        });
        try {
          const url = withDatabase(database.url, name);
          await recreateDatabase(withDatabase(database.url, 'postgres'), name);
          await migrate(url, ctx.log);
          const progress = (line: string) => process.stderr.write(`bench persist: ${line}\n`);
          progress(`database ${name}, sizes ${options.sizes.join(',')}, hybrid threshold ${threshold}`);
          const report = await runPersistBench(url, ctx.log, {
            sizes: options.sizes,
            threshold,
            catalogBatches: options.catalogBatches,
            progress,
          });
          process.stdout.write(`${formatPersistTable(report, threshold)}\n`);
          if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        } finally {
          await database.stop();
        }
      },
    );
}

async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const client = createClient({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
