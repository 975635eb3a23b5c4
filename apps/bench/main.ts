import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EXIT, runMain } from '../../libs/runtime';
import { registerApiBenchCommand } from './api/api.command';
import { createBenchContext, type BenchContext } from './bench-context';
import { registerBenchE2eCommand } from './e2e/e2e.command';
import { registerBenchLanesCommand } from './lanes/lanes.command';
import { registerBenchPersistCommand } from './persist/persist.command';
import { registerBenchScheduleCommand } from './schedule/schedule.command';

/**
 * `npm run bench -- <name>`: the benchmarks. Each runs against the real services, prints a
 * table (and with --json one JSON object) and compares against its baseline in the same run.
 */
async function main(): Promise<number> {
  let context: BenchContext | undefined;
  const lazyContext = () => (context ??= createBenchContext());
  const program = new Command('bench')
    .description('run a benchmark against the real services; each compares against its baseline in the same run')
    .exitOverride()
    .showHelpAfterError();
  registerBenchPersistCommand(program, lazyContext);
  registerBenchScheduleCommand(program, lazyContext);
  registerBenchLanesCommand(program, lazyContext);
  registerBenchE2eCommand(program, lazyContext);
  registerApiBenchCommand(program, lazyContext);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(process.argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  } finally {
    await context?.close();
  }
}

runMain('security-insights-bench', main);
