import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleFanoutBenchWorkflows } from '../../../libs/worker';

/** One fan-out design's figures. */
export interface FanoutFigures {
  starts_per_s: number;
  completed_per_s: number;
  /** Events in the fanning-out workflow's own history, per 1,000 workflows started. */
  parent_history_per_1000: number;
}

export type FanoutDesign = 'direct' | 'batch_child' | 'activity_client';
const WORKFLOW_OF: Record<FanoutDesign, string> = {
  direct: 'directFanout',
  batch_child: 'batchChildFanout',
  activity_client: 'activityClientFanout',
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
function fanoutBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (bundle ??= bundleFanoutBenchWorkflows());
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function inPool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** Polls visibility until `count` workflows on `taskQueue` have completed; returns when that happened. */
async function waitCompleted(client: Client, taskQueue: string, count: number, timeoutMs = 300_000): Promise<number> {
  const query = `WorkflowType = 'emptyWorkflow' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { count: done } = await client.workflow.count(query);
    if (done >= count) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`only ${done} of ${count} empty workflows on ${taskQueue} completed within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A worker for one measurement, on its own task queue, with the fan-out activity. */
async function withWorker<T>(address: string, taskQueue: string, client: Client, fn: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: await fanoutBundle(),
    activities: {
      async startEmptyWorkflows(input: { ids: string[]; taskQueue: string }): Promise<number> {
        await inPool(input.ids, 32, (workflowId) =>
          client.workflow.start('emptyWorkflow', { workflowId, taskQueue: input.taskQueue }),
        );
        return input.ids.length;
      },
    },
  });
  try {
    return await worker.runUntil(fn());
  } finally {
    await connection.close();
  }
}

/** Measures one design: `count` empty workflows started in ticks of `perTick`. */
export async function measureFanout(
  address: string,
  design: FanoutDesign,
  count: number,
  perTick: number,
): Promise<FanoutFigures> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const run = `${design}-${Date.now().toString(36)}`;
  const taskQueue = `bench-fanout-${run}`;
  try {
    return await withWorker(address, taskQueue, client, async () => {
      const ids = Array.from({ length: count }, (_, i) => `${run}-${i}`);
      const ticks: string[][] = [];
      for (let i = 0; i < ids.length; i += perTick) ticks.push(ids.slice(i, i + perTick));
      const startedAt = Date.now();
      const handle = await client.workflow.start(WORKFLOW_OF[design], {
        workflowId: `${run}-parent`,
        taskQueue,
        args: [{ ticks, taskQueue, lingerMs: 0 }],
      });
      await handle.result();
      const allStartedAt = Date.now();
      const completedAt = await waitCompleted(client, taskQueue, count);
      const { historyLength } = await handle.describe();
      return {
        starts_per_s: round(count / ((allStartedAt - startedAt) / 1000)),
        completed_per_s: round(count / ((completedAt - startedAt) / 1000)),
        parent_history_per_1000: Math.round((historyLength / count) * 1000),
      };
    });
  } finally {
    await connection.close();
  }
}

/**
 * The bare ceiling: empty workflows started straight by the client (64 starts in flight) and
 * run to completion, counted the same way as the designs (visibility), so the figures compare.
 * With `maxOpen`, at most that many are open (started, not yet completed) at a time: starts
 * wait for completions, as our scheduler's in-flight cap makes scans wait, so the server never
 * holds a task backlog; unbounded, starts run ahead and the backlog costs the server writes.
 */
export async function measureBareCeiling(address: string, count: number, maxOpen?: number): Promise<number> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const run = `bare-${Date.now().toString(36)}`;
  const taskQueue = `bench-fanout-${run}`;
  const ids = Array.from({ length: count }, (_, i) => `${run}-${i}`);
  try {
    return await withWorker(address, taskQueue, client, async () => {
      const startedAt = Date.now();
      if (maxOpen !== undefined) {
        await inPool(ids, maxOpen, (workflowId) => client.workflow.execute('emptyWorkflow', { workflowId, taskQueue }));
        return round(count / ((Date.now() - startedAt) / 1000));
      }
      await inPool(ids, 64, (workflowId) => client.workflow.start('emptyWorkflow', { workflowId, taskQueue }));
      const completedAt = await waitCompleted(client, taskQueue, count);
      return round(count / ((completedAt - startedAt) / 1000));
    });
  } finally {
    await connection.close();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
