// Workflows of `bench schedule`'s fan-out measurement only; bundled by the bench, never by the
// production workers. Each fan-out design starts `count` empty workflows in ticks of `perTick`.
import { ParentClosePolicy, executeChild, proxyActivities, sleep, startChild } from '@temporalio/workflow';

export interface FanoutInput {
  /** Ids of the empty workflows to start, one tick's worth per inner array. */
  ticks: string[][];
  taskQueue: string;
  /** How long the parent stays open after its last start, so child completions reach it. */
  lingerMs: number;
}

interface FanoutActivities {
  startEmptyWorkflows(input: { ids: string[]; taskQueue: string }): Promise<number>;
}

const { startEmptyWorkflows } = proxyActivities<FanoutActivities>({ startToCloseTimeout: '5m' });

/** The scan stand-in: does nothing, so only Temporal's own cost is measured. */
export async function emptyWorkflow(): Promise<void> {
  return;
}

async function startAll(ids: string[], taskQueue: string): Promise<void> {
  await Promise.all(
    ids.map((workflowId) =>
      startChild(emptyWorkflow, { workflowId, taskQueue, parentClosePolicy: ParentClosePolicy.ABANDON }),
    ),
  );
}

/** (a) The scheduler starts every child itself: all start and completion events land in its history. */
export async function directFanout(input: FanoutInput): Promise<void> {
  for (const ids of input.ticks) await startAll(ids, input.taskQueue);
  await sleep(input.lingerMs);
}

/** (b) One short-lived batch child per tick starts that tick's children and completes at once. */
export async function batchChildFanout(input: FanoutInput): Promise<void> {
  for (const [index, ids] of input.ticks.entries()) {
    await executeChild(startBatch, {
      workflowId: `${ids[0]}-batch-${index}`,
      taskQueue: input.taskQueue,
      args: [ids, input.taskQueue],
    });
  }
  await sleep(input.lingerMs);
}

/** The batch child of design (b). */
export async function startBatch(ids: string[], taskQueue: string): Promise<void> {
  await startAll(ids, taskQueue);
}

/** (c) An activity starts each tick's workflows through the client: no child events anywhere. */
export async function activityClientFanout(input: FanoutInput): Promise<void> {
  for (const ids of input.ticks) await startEmptyWorkflows({ ids, taskQueue: input.taskQueue });
  await sleep(input.lingerMs);
}
