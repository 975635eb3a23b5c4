import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EXIT, runMain } from '../../libs/runtime';
import { SchedulerNotRunningError, SchedulerRejectedError, TemporalUnavailableError } from '../../libs/temporal';
import { createCliContext, type CliContext } from './cli-context';
import { registerCheckCommand } from './commands/check.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerNotifyCommand } from './commands/notify.command';
import { registerSchedulerCommand } from './commands/scheduler.command';
import { registerSeedCommand } from './commands/seed.command';
import { registerPlansCommand } from './commands/plans.command';
import { registerVersioningCommand } from './commands/versioning.command';

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
    .description(
      'Operate Security Insights: migrations, zones, keys, scheduler, one-domain checks. Benchmarks: npm run bench.',
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError();
  registerMigrateCommand(program, lazyContext);
  registerSeedCommand(program, lazyContext);
  registerCheckCommand(program, lazyContext).exitOverride();
  registerKeysCommand(program, lazyContext);
  registerNotifyCommand(program, lazyContext);
  registerSchedulerCommand(program, lazyContext).exitOverride();
  registerPlansCommand(program, lazyContext);
  registerVersioningCommand(program, lazyContext);
  try {
    await program.parseAsync(process.argv);
    // A command that reports its own failure sets process.exitCode rather than throwing a stack trace.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Scheduler controls fail with typed errors whose messages say what to do.
    if (error instanceof SchedulerRejectedError || error instanceof SchedulerNotRunningError) {
      process.stderr.write(`security-insights: ${error.message}\n`);
      return EXIT.failure;
    }
    if (error instanceof TemporalUnavailableError) {
      process.stderr.write(`security-insights: ${error.message}\n`);
      return EXIT.startup;
    }
    throw error;
  } finally {
    await context?.close();
  }
}

runMain('security-insights', main);
