import type { Pool } from 'pg';
import { createDestination, createPolicy } from '../../libs/db';

/**
 * A webhook destination of `accountId` with one policy that sends every event type, every
 * severity, at once: what the delivery tests need to see each new insight arrive.
 */
export async function webhookForEveryEvent(
  pool: Pool,
  accountId: string,
  options: { name: string; url: string; maxConcurrency: number },
): Promise<{ id: string; secret: string }> {
  const { destination, secret } = await createDestination(pool, accountId, { type: 'webhook', ...options });
  await createPolicy(pool, accountId, {
    destinationId: destination.id,
    name: 'everything',
    minSeverity: 'info',
    kinds: null,
    zoneIds: null,
    eventTypes: ['new', 'reopened', 'worsened'],
    mode: 'immediate',
    enabled: true,
  });
  return { id: destination.id, secret: secret as string };
}
