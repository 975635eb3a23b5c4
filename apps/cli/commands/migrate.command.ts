import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** `migrate`: brings the database schema up to date. */
export function registerMigrateCommand(program: Command, context: () => CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (npm start and the workers also do this at start-up)')
    .action(async () => {
      await context().pool();
      process.stdout.write('database schema is up to date\n');
    });
}
