import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EXIT, runMain } from '../shared/run-main';
import type { CliContext } from './cli-context';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  the command failed (the message says why)
  2  usage error: unknown command, bad option or argument
  3  bad configuration: an environment variable is malformed (the message names it)
  4  a service cannot be reached or a port is in use (the message names the variable to change)`;

type Register = (program: Command, context: () => CliContext) => Promise<void>;

/**
 * The top-level commands in help order, each loaded only when it runs: their modules pull in
 * the Temporal SDK, NestJS and pg, which cost a second or more to load on a busy machine, so
 * `scheduler status --help` loads the scheduler commands only.
 */
const COMMANDS: Record<string, Register> = {
  migrate: async (program, context) => (await import('./commands/migrate.command.js')).registerMigrateCommand(program, context),
  seed: async (program, context) => (await import('./commands/seed.command.js')).registerSeedCommand(program, context),
  check: async (program, context) => {
    (await import('./commands/check.command.js')).registerCheckCommand(program, context).exitOverride();
  },
  bench: async (program, context) => {
    const bench = (await import('./commands/bench.command.js')).registerBenchCommand(program);
    bench.exitOverride();
    (await import('./commands/bench-e2e.command.js')).registerBenchE2eCommand(bench, context);
    (await import('./commands/bench-persist.command.js')).registerBenchPersistCommand(bench, context);
    (await import('./commands/bench-api.command.js')).registerApiBenchCommand(bench, context);
    (await import('./commands/bench-schedule.command.js')).registerBenchScheduleCommand(bench, context);
    (await import('./commands/bench-lanes.command.js')).registerBenchLanesCommand(bench, context);
  },
  keys: async (program, context) => (await import('./commands/keys.command.js')).registerKeysCommand(program, context),
  scheduler: async (program, context) => {
    (await import('./commands/scheduler.command.js')).registerSchedulerCommand(program, context).exitOverride();
  },
};

/** The commands to load: the one named on the command line, or all (top-level help, `help`, a typo). */
function commandsFor(args: readonly string[]): string[] {
  const named = args.find((arg) => !arg.startsWith('-'));
  return named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
}

async function main(): Promise<number> {
  let context: CliContext | undefined;
  let createCliContext: (() => CliContext) | undefined;
  const lazyContext = () => (context ??= (createCliContext as () => CliContext)());
  const program = new Command('security-insights')
    .description('Operate Security Insights: migrations, zones, scheduler, benchmarks, one-domain checks.')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError()
    // Loaded before any action runs (never for --help or a usage error): config, pool, Temporal client.
    .hook('preAction', async () => {
      createCliContext = (await import('./cli-context.js')).createCliContext;
    });
  for (const name of commandsFor(process.argv.slice(2))) await COMMANDS[name]?.(program, lazyContext);
  try {
    await program.parseAsync(process.argv);
    // A command that reports its own failure sets process.exitCode rather than throwing a stack trace.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { SchedulerCommandError } = await import('./scheduler/scheduler-handle.js');
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
