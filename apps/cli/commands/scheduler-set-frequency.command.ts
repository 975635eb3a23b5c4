import { InvalidArgumentError, type Command } from 'commander';
import type { SetFrequencyInput } from '../../../libs/contract';
import {
  formatDuration,
  InvalidFrequencyError,
  parsePlanFrequencies,
  type FrequencyBounds,
} from '../../../libs/domain';
import { SchedulerRejectedError } from '../../../libs/temporal';
import { frequencyArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

/** Collects `--plan <name>=<duration>` pairs, each checked like the plain form, naming the plan. */
function planPair(bounds: () => FrequencyBounds) {
  return (value: string, previous: Record<string, number> = {}): Record<string, number> => {
    const at = value.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`expected <plan>=<duration>, like enterprise=1h; got "${value}"`);
    try {
      return { ...previous, ...parsePlanFrequencies({ [value.slice(0, at)]: value.slice(at + 1) }, bounds()) };
    } catch (error) {
      throw new InvalidArgumentError(error instanceof InvalidFrequencyError ? error.message : String(error));
    }
  };
}

/** `scheduler set-frequency <duration>` or `--plan <name>=<duration>`: changes the frequency through the validated update. */
export function registerSchedulerSetFrequencyCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('set-frequency')
    .description(
      'scan every active zone once per <duration> (e.g. 10m, 1h), or each plan at its own (--plan enterprise=1h, repeatable); the rate follows at the next tick',
    )
    .option(
      '--plan <plan=duration>',
      "one plan's frequency, such as enterprise=1h (repeatable; switches to per-plan frequencies)",
      planPair(() => context().config.scheduler),
    )
    .argument(
      '[duration]',
      'the new frequency, such as 30m or 1h30m (units d, h, m, s; within SCAN_FREQUENCY_MIN..SCAN_FREQUENCY_MAX)',
      frequencyArgument(() => context().config.scheduler),
    )
    .action(async (frequencySeconds: number | undefined, options: { plan?: Record<string, number> }) => {
      if ((frequencySeconds === undefined) === (options.plan === undefined))
        throw new InvalidArgumentError('give either a <duration> (every plan) or --plan <plan>=<duration>, not both');
      const change: SetFrequencyInput = options.plan ? { plans: options.plan } : { frequencySeconds };
      const status = await context()
        .scheduler()
        .setFrequency(change)
        .catch((error: unknown) => {
          if (error instanceof SchedulerRejectedError)
            throw new SchedulerRejectedError(
              `the scheduler refused the frequency: ${error.message}`,
              error.failureType,
            );
          throw error;
        });
      if (options.plan) {
        const plans = (status.plans ?? []).map(
          (plan) =>
            `${plan.plan} ${formatDuration(plan.frequencySeconds)}${plan.frequencyAchievable ? '' : ' (not achievable under SCHEDULER_MAX_RATE)'}`,
        );
        process.stdout.write(`per-plan frequencies now: ${plans.join(', ')}\n`);
        return;
      }
      const rate = status.activeZones / status.frequencySeconds;
      process.stdout.write(
        `frequency is now ${formatDuration(status.frequencySeconds)}; the next tick aims for ${rate.toFixed(2)} zones/s` +
          `${rate > status.maxRatePerSecond ? ` but is capped at ${status.maxRatePerSecond}/s (SCHEDULER_MAX_RATE): not achievable` : ''}\n`,
      );
    });
}
