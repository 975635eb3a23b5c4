import {
  ActivityFailure,
  continueAsNew,
  proxyActivities,
  setWorkflowOptions,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { whenVersioned } from './versioning-behavior';
import type { NotificationActivities } from '../activities';
import type { DeliverNotificationInput, DeliverNotificationResult, DeliveryAttemptResult } from '../libs/contract';
import { retryDelaySeconds } from '../libs/domain';

// Worker versioning: a delivery that keeps failing retries for hours (NOTIFY_MAX_ATTEMPTS with
// backoff to NOTIFY_RETRY_MAX); pinned, it would hold the old build's workers that long. It moves
// to the promoted build at its next attempt instead, under the same patched() rule as the scheduler.
setWorkflowOptions(whenVersioned('AUTO_UPGRADE'), deliverNotification);

/**
 * One delivery (one batch of events to one destination) until it is delivered, refused or out
 * of retries. The workflow owns the retries (backoff from the policy, hours in total) so it can
 * tell a real attempt from waiting for a free concurrency slot, and so every attempt sends the
 * same webhook-id. Dead-lettered deliveries stay visible in the delivery log; enough of them in
 * a row pause the destination. A paused destination's delivery ends `held` and is started
 * again (new workflow, same webhook-id) when the destination is resumed.
 */
export async function deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
  const { policy, deliveryId } = input;
  const { attemptDelivery, deadLetterDelivery } = proxyActivities<NotificationActivities>({
    startToCloseTimeout: `${policy.attemptTimeoutSeconds} seconds`,
    // One try per activity: the loop below retries, with the delivery's own backoff.
    retry: { maximumAttempts: 1 },
  });
  let attempts = input.attemptsSoFar ?? 0;
  for (;;) {
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof deliverNotification>({ ...input, attemptsSoFar: attempts });
    let result: DeliveryAttemptResult;
    try {
      result = await attemptDelivery(deliveryId);
    } catch (error) {
      // The worker died or the attempt overran its timeout: it counts as a failed attempt.
      const cause = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      result = { outcome: 'retryable', responseCode: null, error: cause };
    }
    if (result.outcome === 'busy') {
      await sleep(policy.busyRetrySeconds * 1000);
      continue;
    }
    if (result.outcome === 'held') return { status: 'held', attempts };
    if (result.outcome === 'gone') return { status: 'failed', attempts };
    attempts++;
    if (result.outcome === 'delivered') return { status: 'delivered', attempts };
    if (result.outcome === 'rejected' || attempts >= policy.maxAttempts) {
      await deadLetterDelivery({ deliveryId, pauseAfter: policy.pauseAfterFailures });
      return { status: 'failed', attempts };
    }
    await sleep(retryDelaySeconds(attempts, policy.initialRetrySeconds, policy.maxRetrySeconds) * 1000);
  }
}
