import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { e2eFigures } from '../../apps/bench/e2e/e2e-report';
import { e2eOptionsFrom, registerBenchE2eCommand } from '../../apps/bench/e2e/e2e.command';
import { workerLayout } from '../../apps/bench/e2e/e2e.bench';
import { sumOfMetric } from '../../apps/bench/shared/prometheus-text';

/** Parses `args` as `bench e2e …`; returns commander's error (the action never runs: validation fails first). */
function refusal(args: string[]): { code: string; message: string } {
  const program = new Command('bench').exitOverride().configureOutput({ writeErr: () => undefined });
  registerBenchE2eCommand(program, () => {
    throw new Error('the bench must not start on refused arguments');
  });
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => undefined });
  try {
    program.parse(['node', 'bench', 'e2e', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`bench e2e ${args.join(' ')} was accepted`);
}

const defaults = {
  duration: 300,
  warmup: 30,
  zones: 50_000,
  target: 250,
  bare: 3000,
  maxInFlight: 200,
  workers: 1,
  fastWorkers: 0,
  temporal: 'dev' as const,
  eager: true,
};

describe('bench e2e options', () => {
  it.each([
    [['--workers', '0'], /--workers.*whole number from 1 to 32/],
    [['--workers', '1.5'], /--workers.*whole number/],
    [['--workers', 'two'], /--workers.*whole number/],
    [['--workers', '33'], /--workers.*1 to 32/],
    [['--partitions', '0'], /--partitions.*whole number from 1 to 64/],
    [['--eager', 'maybe'], /--eager.*must be on or off/],
    [['--adaptive', '0'], /--adaptive.*positive/],
    [['--duration', '-5'], /--duration.*positive/],
    [['--fast-workers', '-1'], /--fast-workers.*whole number from 0 to 32/],
    [['--temporal', 'prod'], /--temporal.*must be dev or cluster/],
    [['--task-queue-partitions', '0'], /--task-queue-partitions.*whole number from 1 to 64/],
    [['--fast-slots', '1'], /--fast-slots.*whole number from 2 to 1000/],
  ])('when %j is given, then the command refuses it by name before anything starts', (args, message) => {
    const error = refusal(args);
    expect(error.code).toBe('commander.invalidArgument');
    expect(error.message).toMatch(message);
  });

  it('when partitions are not given, then there is one per worker process; eager follows --eager', () => {
    expect(e2eOptionsFrom({ ...defaults, workers: 3 })).toMatchObject({ workers: 3, partitions: 3, eager: true });
    expect(e2eOptionsFrom({ ...defaults, workers: 2, partitions: 5, eager: false })).toMatchObject({
      workers: 2,
      partitions: 5,
      eager: false,
    });
    expect(e2eOptionsFrom({ ...defaults, adaptive: 800 })).toMatchObject({ adaptiveLatencyMs: 800 });
    expect(e2eOptionsFrom(defaults)).not.toHaveProperty('adaptiveLatencyMs');
    expect(e2eOptionsFrom({ ...defaults, fastSlots: 20 })).toMatchObject({ fastWorkflowTasks: 20 });
    expect(e2eOptionsFrom(defaults)).not.toHaveProperty('fastWorkflowTasks');
  });

  it('when task-queue partitions are given, then the dev server gets them, and a cluster run refuses them by name', () => {
    expect(e2eOptionsFrom({ ...defaults, taskQueuePartitions: 1 })).toMatchObject({ taskQueuePartitions: 1 });
    expect(e2eOptionsFrom(defaults)).not.toHaveProperty('taskQueuePartitions');
    expect(() => e2eOptionsFrom({ ...defaults, taskQueuePartitions: 1, temporal: 'cluster' })).toThrow(
      /--task-queue-partitions.*--temporal cluster/,
    );
  });

  it('when fast workers run apart, then one scheduler+slow process claims in one partition, and --workers cannot be mixed in', () => {
    expect(e2eOptionsFrom({ ...defaults, fastWorkers: 4, temporal: 'cluster' })).toMatchObject({
      fastWorkers: 4,
      temporal: 'cluster',
      partitions: 1,
    });
    expect(workerLayout({ workers: 1, fastWorkers: 2 })).toEqual([
      { name: 'worker_scheduler_slow', lanes: 'scheduler,slow', fast: false },
      { name: 'worker_fast_1', lanes: 'fast', fast: true },
      { name: 'worker_fast_2', lanes: 'fast', fast: true },
    ]);
    expect(workerLayout({ workers: 2, fastWorkers: 0 }).map((w) => [w.name, w.lanes])).toEqual([
      ['worker_1', 'scheduler,fast,slow'],
      ['worker_2', 'scheduler,fast,slow'],
    ]);
    expect(() => e2eOptionsFrom({ ...defaults, workers: 2, fastWorkers: 2 })).toThrow(
      /--workers 2 and --fast-workers 2 are two layouts/,
    );
  });

  it('when the in-flight cap is below the partitions, then the options are refused naming both flags', () => {
    expect(() => e2eOptionsFrom({ ...defaults, maxInFlight: 3, partitions: 4 })).toThrow(
      /--max-in-flight 3 is below --partitions 4/,
    );
  });
});

describe('bench e2e figures', () => {
  it('when a window is summarised, then CPU per scan is per process and in total, and the eager share is a ratio', () => {
    const figures = e2eFigures({
      windowSeconds: 10,
      scans: 500,
      cpuSeconds: { temporal_server: 8, postgres: 2, worker_1: 5 },
      started: 520,
      eagerStarted: 468,
    });
    expect(figures).toEqual({
      scansPerSecond: 50,
      eagerRatio: 0.9,
      cores: { temporal_server: 0.8, postgres: 0.2, worker_1: 0.5 },
      cpuMsPerScan: { temporal_server: 16, postgres: 4, worker_1: 10, total: 30 },
    });
  });

  it('when nothing was started or persisted, then the ratios are null, not a division by zero', () => {
    const figures = e2eFigures({
      windowSeconds: 10,
      scans: 0,
      cpuSeconds: { worker_1: 1 },
      started: 0,
      eagerStarted: 0,
    });
    expect(figures.eagerRatio).toBeNull();
    expect(figures.cpuMsPerScan).toEqual({ worker_1: null, total: null });
  });

  it('when a metric has several series or a longer-named sibling, then only its own series are summed', () => {
    const text = [
      '# HELP security_insights_scheduler_scans_started_total Scans',
      '# TYPE security_insights_scheduler_scans_started_total counter',
      'security_insights_scheduler_scans_started_total 12',
      'security_insights_scheduler_scans_started_eagerly_total 10',
      'security_insights_scans_total{lane="fast",outcome="completed"} 5',
      'security_insights_scans_total{lane="slow",outcome="completed"} 2',
    ].join('\n');
    expect(sumOfMetric(text, 'security_insights_scheduler_scans_started_total')).toBe(12);
    expect(sumOfMetric(text, 'security_insights_scans_total')).toBe(7);
    expect(sumOfMetric(text, 'absent_total')).toBe(0);
  });
});
