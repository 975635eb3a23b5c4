import { Context, ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Checker } from '../libs/checkers';
import { ERROR_TYPES, type CheckerOutcome, type Lane } from '../libs/domain';
import { InvalidScanResultError, ScanResultRejectedError, type ScanCommitter } from '../libs/db';

export interface RunCheckersInput {
  zoneId: string;
  zoneName: string;
  checkers: string[];
}

export interface PersistScanInput {
  zoneId: string;
  workflowId: string;
  runId: string;
  lane: Lane;
  startedAtMs: number;
  outcomes: CheckerOutcome[];
}

/** Activities of the scan lanes: run a zone's checkers, then persist what they found. */
export function createScanActivities(deps: { pool: Pool; checkers: ReadonlyMap<string, Checker>; committer: ScanCommitter }) {
  return {
    /**
     * Runs the named checkers concurrently. A checker that throws becomes a `failed` outcome
     * (it resolves nothing); only cancellation propagates, so Temporal sees the activity
     * cancelled and nothing is persisted.
     */
    async runCheckers(input: RunCheckersInput): Promise<CheckerOutcome[]> {
      const ctx = Context.current();
      const unknown = input.checkers.filter((id) => !deps.checkers.has(id));
      if (unknown.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `this worker has no checker named ${unknown.join(', ')}; known: ${[...deps.checkers.keys()].join(', ')}`,
          'UnknownChecker',
        );
      }
      const heartbeat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        const deadline = Date.now() + ctx.info.startToCloseTimeoutMs;
        return await Promise.all(
          input.checkers.map(async (id): Promise<CheckerOutcome> => {
            const checker = deps.checkers.get(id) as Checker;
            try {
              const findings = await checker.run({ id: input.zoneId, name: input.zoneName }, { signal: ctx.cancellationSignal, deadline });
              return { checker: id, status: 'completed', findings };
            } catch (error) {
              if (ctx.cancellationSignal.aborted) throw error;
              return { checker: id, status: 'failed', error: error instanceof Error ? error.message : String(error) };
            }
          }),
        );
      } finally {
        clearInterval(heartbeat);
      }
    },

    /**
     * Hands the result to the worker's group committer and completes once its rows are
     * committed. A malformed or refused result fails without retries; a retry after a lost
     * connection is harmless, because the writer recognises a result it already applied.
     */
    async persistScan(input: PersistScanInput): Promise<{ insightCount: number }> {
      try {
        const { insightCount } = await deps.committer.submit({
          ...input,
          startedAt: new Date(input.startedAtMs),
          finishedAt: new Date(),
        });
        return { insightCount };
      } catch (error) {
        if (error instanceof InvalidScanResultError) {
          throw ApplicationFailure.nonRetryable(error.message, ERROR_TYPES.invalidScanResult);
        }
        if (error instanceof ScanResultRejectedError) {
          throw ApplicationFailure.nonRetryable(error.message, ERROR_TYPES.scanResultRejected);
        }
        throw error;
      }
    },
  };
}
