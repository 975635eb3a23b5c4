import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EXIT, runMain } from '../shared/run-main';
import { createCliContext, type CliContext } from './cli-context';
import { registerApiBenchCommand } from './commands/bench-api.command';
import { registerBenchCommand } from './commands/bench.command';
import { registerBenchE2eCommand } from './commands/bench-e2e.command';
import { registerCheckCommand } from './commands/check.command';
import { registerBenchPersistCommand } from './commands/bench-persist.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerBenchScheduleCommand } from './commands/bench-schedule.command';
import { registerBenchLanesCommand } from './commands/bench-lanes.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerSchedulerCommand } from './commands/scheduler.command';
import { registerSeedCommand } from './commands/seed.command';
import { SchedulerCommandError } from './scheduler/scheduler-handle';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  the command failed (the message says why)
  2  usage error: unknown command, bad option or argument
  3  bad configuration: an environment variable is malformed (the message names it)
  4  a service cannot be reached or a port is in use (the message names the variable to change)`;

async function main(): Promise<number> {
  let context: CliContext | undefined;
  const lazyContext = () => (context ??= createCliContext());
  const program = new Command('security-insights')
    .description('Operate Security Insights: migrations, zones, scheduler, benchmarks, one-domain checks.')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError();
  registerMigrateCommand(program, lazyContext);
  registerSeedCommand(program, lazyContext);
  registerCheckCommand(program, lazyContext).exitOverride();
  const bench = registerBenchCommand(program);
  bench.exitOverride();
  registerBenchE2eCommand(bench, lazyContext);
  registerBenchPersistCommand(bench, lazyContext);
  registerKeysCommand(program, lazyContext);
  registerApiBenchCommand(bench, lazyContext);
  registerSchedulerCommand(program, lazyContext).exitOverride();
  registerBenchScheduleCommand(bench, lazyContext);
  registerBenchLanesCommand(bench, lazyContext);
  try {
    await program.parseAsync(process.argv);
    // A command that reports its own failure sets process.exitCode rather than throwing a stack trace.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof SchedulerCommandError) {
      process.stderr.write(`security-insights: ${error.message}\n`);
      return EXIT.failure;
    }
    throw error;
  } finally {
    await context?.close();
  }
}

runMain('security-insights', main);
