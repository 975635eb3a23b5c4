import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config, Logger } from '../../../libs/config';
import { freePort } from '../../../libs/runtime';
import { provisionTemporal, type TemporalEndpoint } from '../../../libs/devstack';
import { measureBareCeiling, measureFanout, type FanoutDesign, type FanoutFigures } from './fanout.bench';

export interface FanoutReport {
  direct: FanoutFigures;
  batch_child: FanoutFigures;
  activity_client: FanoutFigures;
  /** Empty workflows started and completed per second, by SQLite setup of the dev server. */
  bare_ceiling: { memory_wal_sync_off: number; file_wal_sync_off: number; file_no_pragmas: number };
}

/** Starts a dev server of this bench's own on free ports (never the operator's TEMPORAL_PORT). */
async function devServer(
  config: Readonly<Config>,
  log: Logger,
  persistence: 'memory' | 'file',
  sqlitePragmas: string[] | undefined,
): Promise<{ server: TemporalEndpoint; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-temporal-'));
  const benchConfig = { ...config, temporal: { ...config.temporal, address: undefined } };
  const server = await provisionTemporal(benchConfig, log, {
    persistence,
    dataDir: dir,
    port: await freePort(),
    uiPort: await freePort(),
    sqlitePragmas,
  });
  return { server, dir };
}

async function onServer<T>(
  config: Readonly<Config>,
  log: Logger,
  persistence: 'memory' | 'file',
  pragmas: string[] | undefined,
  fn: (address: string) => Promise<T>,
): Promise<T> {
  const { server, dir } = await devServer(config, log, persistence, pragmas);
  try {
    return await fn(server.address);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The fan-out designs on an in-memory dev server (the one tests and benchmarks use), then the
 * bare ceiling on three SQLite setups, each on a fresh server so earlier runs do not weigh.
 */
export async function runFanoutSuite(
  config: Readonly<Config>,
  log: Logger,
  options: { count: number; perTick: number },
  progress: (line: string) => void,
): Promise<FanoutReport> {
  const designs = await onServer(config, log, 'memory', undefined, async (address) => {
    await measureBareCeiling(address, 200); // warm-up: bundle, server caches, JIT
    const figures = {} as Record<FanoutDesign, FanoutFigures>;
    for (const design of ['direct', 'batch_child', 'activity_client'] as const) {
      figures[design] = await measureFanout(address, design, options.count, options.perTick);
      progress(`fan-out ${design}: ${JSON.stringify(figures[design])}`);
    }
    return figures;
  });
  const bare = async (persistence: 'memory' | 'file', pragmas: string[] | undefined) =>
    onServer(config, log, persistence, pragmas, async (address) => {
      await measureBareCeiling(address, 200);
      return measureBareCeiling(address, options.count);
    });
  const memory = await bare('memory', ['journal_mode=WAL', 'synchronous=OFF']);
  progress(`bare ceiling, in-memory SQLite: ${memory}/s`);
  const fileFast = await bare('file', ['journal_mode=WAL', 'synchronous=OFF']);
  progress(`bare ceiling, SQLite file with WAL + synchronous=OFF: ${fileFast}/s`);
  const filePlain = await bare('file', []);
  progress(`bare ceiling, SQLite file without pragmas: ${filePlain}/s`);
  return {
    ...designs,
    bare_ceiling: { memory_wal_sync_off: memory, file_wal_sync_off: fileFast, file_no_pragmas: filePlain },
  };
}
