import { continueAsNew, log, proxyActivities, setWorkflowOptions, sleep } from '@temporalio/workflow';
import { whenVersioned } from './versioning-behavior';
import type { NotificationActivities } from '../activities';
import type { DispatcherInput } from '../libs/contract';

const { dispatchRound } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

// Worker versioning: runs forever like the scheduler, so it follows the promoted build (see there).
setWorkflowOptions(whenVersioned('AUTO_UPGRADE'), notificationDispatcher);

/**
 * The deployment's notification dispatcher. Every window it routes the outbox's new events
 * through the accounts' policies, turns what is due into deliveries (one per destination and
 * window, so a burst of 5,000 insights is a handful of requests, not 5,000) and starts one
 * delivery workflow each. Continues as new every few hundred rounds to bound its history.
 */
export async function notificationDispatcher(input: DispatcherInput): Promise<void> {
  const rounds = input.maxRoundsBeforeContinueAsNew ?? 500;
  for (let round = 0; round < rounds; round++) {
    const result = await dispatchRound({
      digestHourUtc: input.digestHourUtc,
      maxEventsPerDelivery: input.maxEventsPerDelivery,
      delivery: input.delivery,
    });
    if (result.deliveries > 0 || result.started > 0) log.info('notification round', { ...result });
    await sleep(input.windowSeconds * 1000);
  }
  await continueAsNew<typeof notificationDispatcher>(input);
}
