import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { type ReplayResult, Worker } from '@temporalio/worker';
import { parseLaneTaskQueue } from '../../libs/contract';
import { installTestRuntime } from '../support/temporal';

/** The committed histories (npm run record-histories writes them). */
export const HISTORIES_DIR = path.join(__dirname, 'histories');

/** The cases issues 14, 19 and 21 require; a history file may cover more, never fewer. */
export const REQUIRED_CASES = [
  'scheduler-continued-as-new',
  'scheduler-paused-scan-now-resumed',
  'scheduler-frequency-update-and-rejected',
  'scan-fast-local-activities',
  'scan-fast-overran-to-slow-local',
  'scan-fast-overran-to-slow-regular',
  'scan-fast-regular-activities',
  'scan-slow-lane',
  'scan-without-lane-policy',
  // Issue 21: plans mode, a per-plan update, signal and refusal, continue-as-new.
  'scheduler-plans-mode',
  // Issue 21: the scheduler from before plans (commit 2cc185b): ticks, a setFrequency update and
  // signal, scan-now, pause/resume, one continue-as-new; and its next run, still open.
  'scheduler-before-plans-continued-as-new',
  'scheduler-before-plans-next-run-open',
  // Issue 19: a dispatcher round that starts deliveries; deliveries delivered after a retry, and dead-lettered.
  'notification-dispatcher-round',
  'deliver-notification-after-retry',
  'deliver-notification-dead-lettered',
  // Issue 17: claims in partitions (patched 'scheduler-claim-partitions').
  'scheduler-partitioned-claims',
  // Issue 17: the fused fast lane (lanePolicy.fastFused), persisted in one step, and overran to slow.
  'scan-fast-fused',
  'scan-fast-fused-overran-to-slow',
  // Issue 17: the adaptive in-flight cap (latency read per tick, the cap carried across continue-as-new).
  'scheduler-adaptive-in-flight',
  // New deployment settings reach a running scheduler (reconfigure signal, continue-as-new).
  'scheduler-reconfigured',
];

export interface CommittedHistory extends HistoryAndWorkflowId {
  /** The workflow type, from the history's first event. */
  workflowType: string;
  /** The task queue the run was started on, from the history's first event. */
  taskQueue: string;
}

/** Every committed history, named by its file (without .json). */
export function committedHistories(): CommittedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const workflowType = started?.workflowType?.name;
      const taskQueue = started?.taskQueue?.name;
      if (!workflowType || !taskQueue) throw new Error(`${file} does not start with a WorkflowExecutionStarted event`);
      return { workflowId: file.replace(/\.json$/, ''), history, workflowType, taskQueue };
    });
}

/**
 * Replays `histories` against the bundle at `codePath`; one result per history.
 *
 * scanZone finds its lane from `workflowInfo().taskQueue`, and SDK 1.24's replayer sets that to
 * its own queue, `<replayName>-<n>`, not the history's (the Go SDK replays on the history's
 * queue since sdk-go#1023). So histories replay in groups by the lane of the queue they ran
 * on, each on a replay worker whose queue is `replay-<lane>`: the SDK's counter of replay
 * workers, which it appends, is set to the lane for that one worker. All groups share the one
 * bundle.
 */
export async function replayAll(codePath: string, histories: CommittedHistory[]): Promise<ReplayResult[]> {
  installTestRuntime();
  const groups = new Map<string, CommittedHistory[]>();
  for (const history of histories) {
    const suffix = parseLaneTaskQueue(history.taskQueue)?.lane ?? 'other';
    groups.set(suffix, [...(groups.get(suffix) ?? []), history]);
  }
  const results: ReplayResult[] = [];
  for (const [suffix, group] of groups) {
    const counter = Worker as unknown as { replayWorkerCount: number | string };
    const count = counter.replayWorkerCount;
    counter.replayWorkerCount = suffix;
    try {
      const replaying = Worker.runReplayHistories({ workflowBundle: { codePath }, replayName: 'replay' }, group);
      for await (const result of replaying) results.push(result);
    } finally {
      counter.replayWorkerCount = typeof count === 'number' ? count + 1 : 0;
    }
  }
  return results;
}
