import type { Pool } from 'pg';

/** A held concurrency slot of a destination; release it when the attempt is over. */
export interface DestinationSlot {
  release(): Promise<void>;
}

/**
 * Takes one of the destination's `maxConcurrency` slots, or returns undefined when all are
 * taken. A slot is a session-level advisory lock on a pooled connection held for the attempt:
 * when a worker dies mid-delivery its connection closes and PostgreSQL frees the slot, so a
 * crash never leaks one. Slots are counted across every worker process.
 */
export async function acquireDestinationSlot(
  pool: Pool,
  destinationId: string,
  maxConcurrency: number,
): Promise<DestinationSlot | undefined> {
  const client = await pool.connect();
  try {
    for (let slot = 0; slot < maxConcurrency; slot++) {
      const result = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1), $2) AS locked',
        [`notify:${destinationId}`, slot],
      );
      if (result.rows[0]?.locked) {
        return {
          release: async () => {
            const unlocked = await client
              .query('SELECT pg_advisory_unlock(hashtext($1), $2)', [`notify:${destinationId}`, slot])
              .then(
                () => true,
                () => false,
              );
            // A connection that could not unlock must not go back to the pool still holding the slot.
            client.release(!unlocked);
          },
        };
      }
    }
    client.release();
    return undefined;
  } catch (error) {
    client.release(true);
    throw error;
  }
}
