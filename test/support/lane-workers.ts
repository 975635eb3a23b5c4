import { temporal as proto } from '@temporalio/proto';
import type { Checker } from '../../libs/checkers';
import { createProbeChecker, type ProbeBehaviour, type ProbeChecker } from './probe-checker';
import { useTestWorkers, type TestWorkerOptions, type TestWorkers } from './temporal';
import type { TestDatabaseHandle } from './test-database';

type HistoryEvent = proto.api.history.v1.IHistoryEvent;
const EventType = proto.api.enums.v1.EventType;

/** A fast and a slow lane worker on one prefix, each with its own probe checker. */
export interface ProbeLaneWorkers {
  /** The fast worker set; its client and prefix serve both lanes' task queues. */
  workers: TestWorkers;
  /** Per-zone latency and failures of the probe, shared by both lanes' checkers. */
  behaviours: Map<string, ProbeBehaviour>;
  /** The fast lane's probe; its events say what ran there, zone by zone. */
  fastProbe: ProbeChecker;
  /** The slow lane's probe. */
  slowProbe: ProbeChecker;
}

/**
 * Workers for the lane tests of the calling suite: one set on the fast lane and one on the slow
 * lane, sharing a task-queue prefix and `options` (policy, slots, metrics), each with a probe
 * checker of its own so each one's log shows what ran on that lane. `fastCheckers` adds
 * checkers to the fast lane only (say, one whose findings the writer refuses).
 */
export function useProbeLaneWorkers(
  db: TestDatabaseHandle,
  options: Omit<TestWorkerOptions, 'checkers' | 'prefix'> & { fastCheckers?: ReadonlyMap<string, Checker> } = {},
): ProbeLaneWorkers {
  const { fastCheckers, ...shared } = options;
  const behaviours = new Map<string, ProbeBehaviour>();
  const fastProbe = createProbeChecker('fast', behaviours);
  const slowProbe = createProbeChecker('slow', behaviours);
  const workers = useTestWorkers(db, ['fast'], {
    ...shared,
    checkers: new Map<string, Checker>([['probe', fastProbe.checker], ...(fastCheckers ?? [])]),
  });
  useTestWorkers(db, ['slow'], () => ({
    ...shared,
    checkers: new Map([['probe', slowProbe.checker]]),
    prefix: workers.prefix,
  }));
  return { workers, behaviours, fastProbe, slowProbe };
}

/** The activities a history scheduled, as `type@taskQueue`, in order. */
export function scheduledActivities(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map(
      (e) =>
        `${e.activityTaskScheduledEventAttributes?.activityType?.name}@${e.activityTaskScheduledEventAttributes?.taskQueue?.name}`,
    );
}

/** The marker events of a history (one per local activity, among others). */
export function markerEvents(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED);
}
