import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EXIT, runMain } from '../shared/run-main';
import { createCliContext, type CliContext } from './cli-context';
import { registerBenchCommand } from './commands/bench.command';
import { registerBenchLanesCommand } from './commands/bench-lanes.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerSeedCommand } from './commands/seed.command';

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
    .description('Operate Security Insights: migrations, zones, scheduler, benchmarks.')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError();
  registerMigrateCommand(program, lazyContext);
  registerSeedCommand(program, lazyContext);
  const bench = registerBenchCommand(program);
  bench.exitOverride();
  registerBenchLanesCommand(bench, lazyContext);
  try {
    await program.parseAsync(process.argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  } finally {
    await context?.close();
  }
}

runMain('security-insights', main);
