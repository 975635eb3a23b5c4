import type { Command } from 'commander';
import { rejitterZones } from '../../../libs/db';
import { formatDuration } from '../../../libs/domain';
import { durationArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

/** `scheduler rejitter`: spreads every active zone's next scan uniformly over one frequency, once. */
export function registerSchedulerRejitterCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('rejitter')
    .description(
      'spread the next scans of all active zones uniformly over one frequency (a one-time fix for bunched zones)',
    )
    .option(
      '--frequency <duration>',
      "spread over this duration (default: the running scheduler's frequency, else SCAN_FREQUENCY)",
      durationArgument,
    )
    .action(async (options: { frequency?: number }) => {
      const ctx = context();
      const frequencySeconds =
        options.frequency ??
        (await ctx
          .scheduler()
          .status()
          .then(
            (status) => status.frequencySeconds,
            () => ctx.config.scheduler.frequencySeconds,
          ));
      const moved = await rejitterZones(await ctx.pool(), frequencySeconds);
      process.stdout.write(`spread the next scans of ${moved} active zones over ${formatDuration(frequencySeconds)}\n`);
    });
}
