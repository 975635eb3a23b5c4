import type { Config } from '../config';
import type { SchedulerInput } from '../contract';

/** The scheduler's start input from the configuration (SCAN_FREQUENCY, SCHEDULER_* …). */
export function schedulerInputFromConfig(
  config: Readonly<Config>,
  checkers: string[] = [...config.checks.scanCheckers],
): SchedulerInput {
  const {
    frequencySeconds,
    tickSeconds,
    catchUpFactor,
    maxRatePerSecond,
    maxInFlight,
    minFrequencySeconds,
    maxFrequencySeconds,
    frequencyMode,
    claimPartitions,
    adaptiveInFlight,
    targetLatencySeconds,
  } = config.scheduler;
  return {
    taskQueuePrefix: config.taskQueuePrefix,
    frequencySeconds,
    tickSeconds,
    catchUpFactor,
    maxRatePerSecond,
    maxInFlight,
    minFrequencySeconds,
    maxFrequencySeconds,
    frequencyMode,
    checkers,
    // Absent at 1, so a scheduler's input reads as it did before partitions unless they are used.
    ...(claimPartitions > 1 ? { claimPartitions } : {}),
    ...(adaptiveInFlight ? { adaptiveInFlight: { targetP50Ms: Math.round(targetLatencySeconds * 1000) } } : {}),
  };
}
