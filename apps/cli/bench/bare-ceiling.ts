import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/workers';

/**
 * The engine's own ceiling: empty workflows started and completed per second on this server,
 * with `concurrency` starts in flight, by one worker in this process.
 */
export async function measureBareCeiling(client: Client, address: string, count: number, concurrency = 100): Promise<number> {
  const taskQueue = `bench-bare-${randomBytes(3).toString('hex')}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: await bundleWorkflows() });
  const running = worker.run();
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const id = `${taskQueue}-${next++}`;
        const handle = await client.workflow.start('emptyWorkflow', { taskQueue, workflowId: id });
        await handle.result();
      }
    }),
  );
  const perSecond = count / ((Date.now() - started) / 1000);
  worker.shutdown();
  await running;
  await connection.close();
  return perSecond;
}
