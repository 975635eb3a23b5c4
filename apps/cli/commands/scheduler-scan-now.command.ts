import { InvalidArgumentError, type Command } from 'commander';
import { scanNowSignal } from '../../../workflows/definitions';
import type { CliContext } from '../cli-context';
import { withScheduler } from '../scheduler/scheduler-handle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Commander's parser for a variadic argument: each value checked, then appended. */
function zoneId(value: string, previous: string[] = []): string[] {
  if (!UUID.test(value)) throw new InvalidArgumentError(`"${value}" is not a zone id (a UUID such as 0b9e…-…)`);
  return [...previous, value];
}

/** `scheduler scan-now <zone…>`: the named zones are scanned at the next tick, whatever their schedule. */
export function registerSchedulerScanNowCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('scan-now')
    .description('scan these zones at the next tick, even when paused (ids not of active zones are reported by `scheduler status`)')
    .argument('<zone...>', 'zone ids (UUIDs)', zoneId)
    .action(async (ids: string[]) => {
      await withScheduler(context(), (handle) => handle.signal(scanNowSignal, { zoneIds: ids }));
      process.stdout.write(`asked for a scan of ${ids.length} zone(s) at the next tick\n`);
    });
}
