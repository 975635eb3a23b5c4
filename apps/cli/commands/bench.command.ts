import type { Command } from 'commander';

/**
 * `bench <name>`: the benchmarks. Each one registers itself as a sub-command here; they run
 * against the real services and compare against their baseline in the same run.
 */
export function registerBenchCommand(program: Command): Command {
  return program
    .command('bench')
    .description('run a benchmark against the real services (see `bench --help` for the list)');
}
