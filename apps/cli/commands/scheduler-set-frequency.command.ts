import { WorkflowUpdateFailedError } from '@temporalio/client';
import { InvalidArgumentError, type Command } from 'commander';
import { formatDuration, InvalidDurationError, parseDurationSeconds } from '../../../libs/domain';
import { setFrequencyUpdate } from '../../../workflows/definitions';
import type { CliContext } from '../cli-context';
import { SchedulerCommandError, withScheduler } from '../scheduler/scheduler-handle';

function duration(value: string): number {
  try {
    return parseDurationSeconds(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof InvalidDurationError ? error.message : String(error));
  }
}

/** `scheduler set-frequency <duration>`: changes the frequency through the validated update. */
export function registerSchedulerSetFrequencyCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('set-frequency')
    .description('scan every active zone once per <duration> (e.g. 10m, 1h); the rate follows at the next tick')
    .argument('<duration>', 'the new frequency, such as 30m or 1h30m', duration)
    .action(async (frequencySeconds: number) => {
      const status = await withScheduler(context(), async (handle) => {
        try {
          return await handle.executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds }] });
        } catch (error) {
          if (error instanceof WorkflowUpdateFailedError) {
            throw new SchedulerCommandError(`the scheduler refused the frequency: ${error.cause?.message ?? error.message}`);
          }
          throw error;
        }
      });
      process.stdout.write(
        `frequency is now ${formatDuration(status.frequencySeconds)}; the next tick aims for ${(status.activeZones / status.frequencySeconds).toFixed(2)} zones/s` +
          `${status.activeZones / status.frequencySeconds > status.maxRatePerSecond ? ` but is capped at ${status.maxRatePerSecond}/s (SCHEDULER_MAX_RATE): not achievable` : ''}\n`,
      );
    });
}
