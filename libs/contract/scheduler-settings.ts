import { MAX_CLAIM_PARTITIONS } from '../domain';
import type { SchedulerInput } from './scheduler.contract';

/**
 * The scheduler's deployment settings: what the configuration of the processes that start it
 * decides (SCHEDULER_* variables, the checker list), as opposed to what operators change at run
 * time through the scheduler itself (the frequencies, pause, scan-now). A running scheduler
 * takes new settings by the `reconfigure` signal; `SchedulerControl.ensureRunning` sends it when
 * a process starts with settings other than the running scheduler's.
 */
export type SchedulerSettings = Pick<
  SchedulerInput,
  | 'tickSeconds'
  | 'checkers'
  | 'catchUpFactor'
  | 'maxRatePerSecond'
  | 'maxInFlight'
  | 'claimPartitions'
  | 'adaptiveInFlight'
>;

/** Each setting and the variable an operator sets it with, for messages. */
export const SCHEDULER_SETTING_VARIABLES = {
  tickSeconds: 'SCHEDULER_TICK',
  checkers: 'SCAN_CHECKERS',
  catchUpFactor: 'SCHEDULER_CATCH_UP_FACTOR',
  maxRatePerSecond: 'SCHEDULER_MAX_RATE',
  maxInFlight: 'SCHEDULER_MAX_IN_FLIGHT',
  claimPartitions: 'SCHEDULER_CLAIM_PARTITIONS',
  adaptiveInFlight: 'SCHEDULER_ADAPTIVE_IN_FLIGHT / SCHEDULER_TARGET_LATENCY',
} as const satisfies Record<keyof SchedulerSettings, string>;

type SettingName = keyof typeof SCHEDULER_SETTING_VARIABLES;
const SETTING_NAMES = Object.keys(SCHEDULER_SETTING_VARIABLES) as SettingName[];

/** One setting that differs: its name, its variable, and the values as shown to an operator. */
export interface SchedulerSettingChange {
  setting: SettingName;
  variable: string;
  from: string;
  to: string;
}

/** The settings part of a scheduler's input (or of settings: only the known ones). */
export function schedulerSettingsOf(input: SchedulerSettings): SchedulerSettings {
  const settings: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) if (input[name] !== undefined) settings[name] = input[name];
  return settings as SchedulerSettings;
}

/**
 * How `wanted` differs from the settings of `current`. Absent and default mean the same: no
 * `claimPartitions` is one partition, no `adaptiveInFlight` is a fixed cap.
 */
export function changedSchedulerSettings(
  current: SchedulerSettings,
  wanted: SchedulerSettings,
): SchedulerSettingChange[] {
  return SETTING_NAMES.flatMap((setting) => {
    const from = shown(setting, current[setting]);
    const to = shown(setting, wanted[setting]);
    return from === to ? [] : [{ setting, variable: SCHEDULER_SETTING_VARIABLES[setting], from, to }];
  });
}

/** The changes for an operator: `SCHEDULER_MAX_IN_FLIGHT 200 → 500; SCHEDULER_TICK 5 → 1`. */
export function describeSchedulerSettingChanges(changes: SchedulerSettingChange[]): string {
  return changes.map((change) => `${change.variable} ${change.from} → ${change.to}`).join('; ');
}

/** `input` with its settings replaced by `settings` (a setting absent there is dropped). */
export function withSchedulerSettings(input: SchedulerInput, settings: SchedulerSettings): SchedulerInput {
  const next: Record<string, unknown> = { ...input };
  for (const name of SETTING_NAMES) delete next[name];
  return { ...next, ...schedulerSettingsOf(settings) } as SchedulerInput;
}

/** Why `settings` cannot be a scheduler's, or undefined when they can (the signal's check). */
export function schedulerSettingsProblem(settings: unknown): string | undefined {
  if (typeof settings !== 'object' || settings === null) return 'the settings are not an object';
  const s = settings as Record<string, unknown>;
  const positive = (name: string) => typeof s[name] === 'number' && Number.isFinite(s[name]) && (s[name] as number) > 0;
  const optional = (name: string, ok: (value: number) => boolean) =>
    s[name] === undefined || (typeof s[name] === 'number' && Number.isFinite(s[name]) && ok(s[name] as number));
  if (!positive('tickSeconds')) return `tickSeconds must be a positive number of seconds, not ${String(s.tickSeconds)}`;
  if (!Array.isArray(s.checkers) || s.checkers.length === 0 || !s.checkers.every((c) => typeof c === 'string'))
    return 'checkers must be a non-empty list of checker ids';
  if (!optional('catchUpFactor', (v) => v >= 1))
    return `catchUpFactor must be at least 1, not ${String(s.catchUpFactor)}`;
  if (!optional('maxRatePerSecond', (v) => v > 0))
    return `maxRatePerSecond must be positive, not ${String(s.maxRatePerSecond)}`;
  if (!optional('maxInFlight', (v) => Number.isInteger(v) && v >= 0))
    return `maxInFlight must be a whole number ≥ 0, not ${String(s.maxInFlight)}`;
  if (!optional('claimPartitions', (v) => Number.isInteger(v) && v >= 1 && v <= MAX_CLAIM_PARTITIONS))
    return `claimPartitions must be a whole number from 1 to ${MAX_CLAIM_PARTITIONS}, not ${String(s.claimPartitions)}`;
  const adaptive = s.adaptiveInFlight as { targetP50Ms?: unknown } | undefined;
  if (
    adaptive !== undefined &&
    !(typeof adaptive?.targetP50Ms === 'number' && Number.isFinite(adaptive.targetP50Ms) && adaptive.targetP50Ms > 0)
  )
    return 'adaptiveInFlight must be absent or { targetP50Ms: a positive number }';
  return undefined;
}

/** A setting's value as an operator reads it; defaults shown as what they mean. */
function shown(setting: SettingName, value: unknown): string {
  if (setting === 'claimPartitions') return String(value ?? 1);
  if (setting === 'adaptiveInFlight') {
    const target = (value as { targetP50Ms?: number } | undefined)?.targetP50Ms;
    return target === undefined ? 'off' : `target p50 ${target} ms`;
  }
  if (setting === 'checkers') return Array.isArray(value) ? value.join(',') : 'unset';
  return value === undefined ? 'unset' : String(value);
}
