import type { Pool } from 'pg';
import type { DeliveryAttemptResult } from '../contract';
import { holdDelivery, loadDeliveryContent, recordDeliveryAttempt, startDeliveryAttempt } from '../db';
import type { NetHelpers } from '../net';
import { acquireDestinationSlot } from './destination-slots';
import type { EmailSender } from './email-sender';
import { buildNotificationPayload, notificationText } from './notification-payload';
import { type SendResult, sendWebhook } from './webhook-sender';

export interface DeliveryDeps {
  pool: Pool;
  net: NetHelpers;
  email: EmailSender;
  /** Base URL of the API for the links in payloads (NOTIFY_LINK_BASE_URL). */
  linkBaseUrl: string;
}

/**
 * One attempt at one delivery: loads it, holds it when its destination is paused, takes one
 * of the destination's concurrency slots (busy when none is free: not an attempt), counts the
 * attempt, sends it (signed webhook or email) and records its outcome. A delivery already delivered (an
 * activity retried after its success) is not sent again.
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  deliveryId: string,
  signal: AbortSignal,
): Promise<DeliveryAttemptResult> {
  const content = await loadDeliveryContent(deps.pool, deliveryId);
  if (!content)
    return { outcome: 'gone', responseCode: null, error: `delivery ${deliveryId} or its destination was deleted` };
  if (content.status === 'delivered') return { outcome: 'delivered', responseCode: null, error: null };
  if (content.destination.status === 'paused') {
    await holdDelivery(deps.pool, deliveryId);
    return { outcome: 'held', responseCode: null, error: null };
  }
  const slot = await acquireDestinationSlot(deps.pool, content.destination.id, content.destination.maxConcurrency);
  if (!slot) return { outcome: 'busy', responseCode: null, error: null };
  try {
    // Counted before the request: a worker killed mid-request leaves the attempt in the log.
    await startDeliveryAttempt(deps.pool, deliveryId);
    const payload = buildNotificationPayload(content, deps.linkBaseUrl);
    let result: SendResult;
    if (content.destination.type === 'webhook') {
      result = await sendWebhook(
        deps.net,
        {
          url: content.destination.url as string,
          webhookId: `msg_${content.id}`,
          body: JSON.stringify(payload),
          secrets: content.destination.secrets,
          now: new Date(),
        },
        signal,
      );
    } else {
      result = await deps.email.send({
        to: content.destination.email as string,
        messageId: content.id,
        ...notificationText(payload),
      });
    }
    await recordDeliveryAttempt(deps.pool, deliveryId, {
      delivered: result.outcome === 'delivered',
      responseCode: result.responseCode,
      error: result.error,
    });
    return result;
  } finally {
    await slot.release();
  }
}
