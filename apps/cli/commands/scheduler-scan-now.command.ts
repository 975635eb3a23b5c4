import type { Command } from 'commander';
import { uuidListArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

/** `scheduler scan-now <zone…>`: the named zones are scanned at the next tick, whatever their schedule. */
export function registerSchedulerScanNowCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('scan-now')
    .description(
      'scan these zones at the next tick, even when paused (ids not of active zones are reported by `scheduler status`)',
    )
    .argument('<zone...>', 'zone ids (UUIDs)', uuidListArgument('zone id'))
    .action(async (ids: string[]) => {
      await context().scheduler().scanNow(ids);
      process.stdout.write(`asked for a scan of ${ids.length} zone(s) at the next tick\n`);
    });
}
