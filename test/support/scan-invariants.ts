import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { expect } from 'vitest';
import { schedulerWorkflowId } from '../../libs/contract';
import { eventually } from './temporal';

/** The number of scans rows so far. */
export async function scansSoFar(pool: Pool): Promise<number> {
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM scans')).rows[0]?.n ?? 0;
}

/** Waits until at least 20 more scans than `than` are stored (the scheduler and workers make progress). */
export async function waitForMoreScans(pool: Pool, than: number, what: string, timeoutMs = 90_000): Promise<number> {
  return eventually(
    async () => {
      const n = await scansSoFar(pool);
      return n >= than + 20 ? n : undefined;
    },
    timeoutMs,
    what,
  );
}

/**
 * Stops scheduling, then waits until every started scan finished. The scheduler's start
 * activity may still start scans of its last tick after the termination (it runs on until it
 * is told), so "done" is: nothing running and no new scan for 5 s in a row.
 */
export async function stopSchedulerAndDrain(client: Client, taskQueuePrefix: string): Promise<void> {
  await client.workflow.getHandle(schedulerWorkflowId(taskQueuePrefix)).terminate('test over');
  let quietSince = Date.now();
  let lastStarted = -1;
  await eventually(
    async () => {
      const started = (await client.workflow.count(`WorkflowType = 'scanZone'`)).count;
      const running = (await client.workflow.count(`WorkflowType = 'scanZone' AND ExecutionStatus = 'Running'`)).count;
      if (running > 0 || started !== lastStarted) quietSince = Date.now();
      lastStarted = started;
      return Date.now() - quietSince >= 5_000 ? true : undefined;
    },
    120_000,
    'running scans to finish and no new scan to start for 5 s',
  );
}

/**
 * After a drain: every started scan workflow completed, one scans row per started scan (none
 * lost, none doubled), every zone's latest claim has its scan, and no insight is duplicated.
 */
export async function expectEveryClaimScannedOnce(client: Client, pool: Pool): Promise<void> {
  // Each scan that did not complete, with its status and failure, so a red run says why.
  const notCompleted: string[] = [];
  for await (const run of client.workflow.list({
    query: `WorkflowType = 'scanZone' AND ExecutionStatus != 'Completed'`,
  })) {
    const failure = await client.workflow
      .getHandle(run.workflowId, run.runId)
      .result()
      .then(
        () => '',
        (error: unknown) => describeFailure(error),
      );
    notCompleted.push(`${run.workflowId} ${run.status.name}: ${failure}`);
  }
  expect(notCompleted).toEqual([]);
  const started = await client.workflow.count(`WorkflowType = 'scanZone'`);
  const scans = await pool.query<{ n: number; distinct_workflows: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT workflow_id)::int AS distinct_workflows FROM scans',
  );
  // One scans row per started scan workflow: none lost, none doubled.
  expect(scans.rows[0]).toEqual({ n: started.count, distinct_workflows: started.count });

  // Every zone's latest claim has its scan.
  const unscanned = await pool.query(
    `SELECT z.id FROM zones z
     WHERE z.claim_tick IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.workflow_id = 'scan:' || z.id || ':' || z.claim_tick)`,
  );
  expect(unscanned.rows).toEqual([]);

  const duplicates = await pool.query(`SELECT zone_id, fingerprint FROM insights GROUP BY 1, 2 HAVING count(*) > 1`);
  expect(duplicates.rows).toEqual([]);
}

/** A workflow failure and its causes on one line: "WorkflowFailedError: … <- ActivityFailure: … <- …". */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) {
    parts.push(`${e.name}: ${e.message}`);
  }
  return parts.join(' <- ');
}
