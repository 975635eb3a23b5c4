import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { SEVERITIES } from '../../domain';

const SEVERITY_ARRAY = `ARRAY[${SEVERITIES.map((s) => `'${s}'`).join(', ')}]::text[]`;

/**
 * Routes up to `limit` outbox events (oldest first) through the enabled policies of their
 * account into the per-destination queue, due `now` (immediate) or at `digestAt` (digest), and
 * stamps them routed, in one statement: an event is routed once even when two dispatchers race
 * (SKIP LOCKED). Two policies picking one event for one destination and mode queue it once.
 */
export async function routeInsightEvents(
  pool: Pool,
  options: { now: Date; digestAt: Date; limit: number },
): Promise<{ routed: number; queued: number }> {
  const result = await pool.query<{ routed: number; queued: number }>(
    `WITH ev AS (
       SELECT id, account_id, zone_id, type, kind, severity FROM insight_events
       WHERE routed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ), marked AS (
       UPDATE insight_events AS e SET routed_at = $2 FROM ev WHERE e.id = ev.id RETURNING e.id
     ), queued AS (
       INSERT INTO notification_queue (destination_id, event_id, mode, due_at)
       SELECT DISTINCT p.destination_id, ev.id, p.mode, CASE WHEN p.mode = 'digest' THEN $3 ELSE $2 END
       FROM ev JOIN notification_policies AS p ON p.account_id = ev.account_id AND p.enabled
       WHERE array_position(${SEVERITY_ARRAY}, ev.severity) <= array_position(${SEVERITY_ARRAY}, p.min_severity)
         AND (p.kinds IS NULL OR ev.kind = ANY (p.kinds))
         AND (p.zone_ids IS NULL OR ev.zone_id = ANY (p.zone_ids))
         AND ev.type = ANY (p.event_types)
       ON CONFLICT DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM marked) AS routed, (SELECT count(*)::int FROM queued) AS queued`,
    [options.limit, options.now, options.digestAt],
  );
  return result.rows[0] as { routed: number; queued: number };
}

/**
 * Turns queued events that are due into deliveries: per destination and mode, chunks of at
 * most `maxEventsPerDelivery` events, each one delivery (queued, or held when the destination
 * is paused). One transaction: the queue rows leave as the deliveries appear. Returns how many
 * deliveries were created.
 */
export async function batchDueEvents(
  pool: Pool,
  options: { now: Date; maxEventsPerDelivery: number; limit: number },
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const due = await client.query<{
      destination_id: string;
      account_id: string;
      mode: string;
      event_id: string;
      paused: boolean;
    }>(
      `SELECT q.destination_id, d.account_id, q.mode, q.event_id, d.status = 'paused' AS paused
       FROM notification_queue AS q JOIN notification_destinations AS d ON d.id = q.destination_id
       WHERE q.due_at <= $1
       ORDER BY q.destination_id, q.mode, q.event_id
       LIMIT $2
       FOR UPDATE OF q SKIP LOCKED`,
      [options.now, options.limit],
    );
    const batches = chunk(due.rows, options.maxEventsPerDelivery);
    if (batches.length > 0) await insertDeliveries(client, batches);
    await client.query('COMMIT');
    return batches.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface DueRow {
  destination_id: string;
  account_id: string;
  mode: string;
  event_id: string;
  paused: boolean;
}

function chunk(rows: DueRow[], size: number): DueRow[][] {
  const batches: DueRow[][] = [];
  let current: DueRow[] = [];
  for (const row of rows) {
    const head = current[0];
    if (head && (head.destination_id !== row.destination_id || head.mode !== row.mode || current.length >= size)) {
      batches.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function insertDeliveries(client: PoolClient, batches: DueRow[][]): Promise<void> {
  const ids = batches.map(() => randomUUID());
  const heads = batches.map((batch) => batch[0] as DueRow);
  await client.query(
    `INSERT INTO notification_deliveries (id, account_id, destination_id, mode, status, event_count)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[])`,
    [
      ids,
      heads.map((h) => h.account_id),
      heads.map((h) => h.destination_id),
      heads.map((h) => h.mode),
      heads.map((h) => (h.paused ? 'held' : 'queued')),
      batches.map((b) => b.length),
    ],
  );
  const deliveryIds = batches.flatMap((batch, i) => batch.map(() => ids[i] as string));
  const rows = batches.flat();
  await client.query(
    `INSERT INTO notification_delivery_events (delivery_id, event_id) SELECT * FROM unnest($1::uuid[], $2::bigint[])`,
    [deliveryIds, rows.map((r) => r.event_id)],
  );
  await client.query(
    `DELETE FROM notification_queue AS q
     USING unnest($1::uuid[], $2::text[], $3::bigint[]) AS u (destination_id, mode, event_id)
     WHERE q.destination_id = u.destination_id AND q.mode = u.mode AND q.event_id = u.event_id`,
    [rows.map((r) => r.destination_id), rows.map((r) => r.mode), rows.map((r) => r.event_id)],
  );
}

/** Deliveries waiting for their workflow, oldest first, with the generation that names the start. */
export async function queuedDeliveries(pool: Pool, limit: number): Promise<Array<{ id: string; generation: number }>> {
  const result = await pool.query<{ id: string; generation: number }>(
    `SELECT id, generation FROM notification_deliveries WHERE status = 'queued' ORDER BY created_at, id LIMIT $1`,
    [limit],
  );
  return result.rows;
}

/** After its workflow started: queued → sending (unless the workflow already moved it on). */
export async function markDeliveryStarted(pool: Pool, ids: string[]): Promise<void> {
  await pool.query(
    `UPDATE notification_deliveries SET status = 'sending' WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
    [ids],
  );
}
