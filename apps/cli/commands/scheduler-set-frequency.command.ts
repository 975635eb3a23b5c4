import type { Command } from 'commander';
import { formatDuration } from '../../../libs/domain';
import { SchedulerRejectedError } from '../../../libs/temporal';
import { frequencyArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

/** `scheduler set-frequency <duration>`: changes the frequency through the validated update. */
export function registerSchedulerSetFrequencyCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('set-frequency')
    .description('scan every active zone once per <duration> (e.g. 10m, 1h); the rate follows at the next tick')
    .argument(
      '<duration>',
      'the new frequency, such as 30m or 1h30m (units d, h, m, s; within SCAN_FREQUENCY_MIN..SCAN_FREQUENCY_MAX)',
      frequencyArgument(() => context().config.scheduler),
    )
    .action(async (frequencySeconds: number) => {
      const status = await context()
        .scheduler()
        .setFrequency(frequencySeconds)
        .catch((error: unknown) => {
          if (error instanceof SchedulerRejectedError)
            throw new SchedulerRejectedError(
              `the scheduler refused the frequency: ${error.message}`,
              error.failureType,
            );
          throw error;
        });
      const rate = status.activeZones / status.frequencySeconds;
      process.stdout.write(
        `frequency is now ${formatDuration(status.frequencySeconds)}; the next tick aims for ${rate.toFixed(2)} zones/s` +
          `${rate > status.maxRatePerSecond ? ` but is capped at ${status.maxRatePerSecond}/s (SCHEDULER_MAX_RATE): not achievable` : ''}\n`,
      );
    });
}
