import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import {
  DELIVER_NOTIFICATION_WORKFLOW,
  deliveryWorkflowId,
  type DeliverNotificationWorkflow,
  type DeliveryAttemptResult,
  type DeliveryPolicy,
} from '../libs/contract';
import {
  batchDueEvents,
  deadLetterDelivery,
  markDeliveryStarted,
  queuedDeliveries,
  routeInsightEvents,
} from '../libs/db';
import { nextDigestAt } from '../libs/domain';
import { attemptDelivery, type DeliveryDeps } from '../libs/notify';

export interface DispatchRoundInput {
  digestHourUtc: number;
  maxEventsPerDelivery: number;
  delivery: DeliveryPolicy;
}

export interface DispatchRoundResult {
  routed: number;
  queued: number;
  deliveries: number;
  started: number;
}

// Bounds of one round, so one activity never holds a huge transaction; the next round goes on.
const ROUTE_LIMIT = 10_000;
const BATCH_LIMIT = 50_000;
const START_LIMIT = 1_000;

/**
 * Activities of the notification task queue: the dispatcher's round (route outbox events
 * through the policies, batch what is due into deliveries, start one workflow per delivery)
 * and a delivery's attempt and dead letter.
 */
export function createNotificationActivities(deps: DeliveryDeps & { client?: Client }) {
  const pool: Pool = deps.pool;
  return {
    async dispatchRound(input: DispatchRoundInput): Promise<DispatchRoundResult> {
      const ctx = Context.current();
      const now = new Date();
      const { routed, queued } = await routeInsightEvents(pool, {
        now,
        digestAt: nextDigestAt(now, input.digestHourUtc),
        limit: ROUTE_LIMIT,
      });
      const deliveries = await batchDueEvents(pool, {
        now,
        maxEventsPerDelivery: input.maxEventsPerDelivery,
        limit: BATCH_LIMIT,
      });
      const client = deps.client ?? ctx.client;
      const taskQueue = ctx.info.taskQueue;
      const waiting = await queuedDeliveries(pool, START_LIMIT);
      const started: string[] = [];
      for (const delivery of waiting) {
        try {
          await client.workflow.start<DeliverNotificationWorkflow>(DELIVER_NOTIFICATION_WORKFLOW, {
            taskQueue,
            workflowId: deliveryWorkflowId(delivery.id, delivery.generation),
            args: [{ deliveryId: delivery.id, policy: input.delivery }],
          });
        } catch (error) {
          // An earlier attempt of this round started it: the workflow is there, which is what matters.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        started.push(delivery.id);
      }
      await markDeliveryStarted(pool, started);
      return { routed, queued, deliveries, started: started.length };
    },

    async attemptDelivery(deliveryId: string): Promise<DeliveryAttemptResult> {
      return attemptDelivery(deps, deliveryId, Context.current().cancellationSignal);
    },

    async deadLetterDelivery(input: { deliveryId: string; pauseAfter: number }): Promise<{ paused: boolean }> {
      return deadLetterDelivery(pool, input.deliveryId, input.pauseAfter);
    },
  };
}
