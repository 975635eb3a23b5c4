import type { Pool } from 'pg';
import type { DeliveryStatus, DestinationType, InsightEventType, Severity } from '../../domain';

/** Everything one attempt needs to build, sign and send a delivery. */
export interface DeliveryContent {
  id: string;
  accountId: string;
  mode: 'immediate' | 'digest' | 'test';
  status: DeliveryStatus;
  createdAt: Date;
  destination: {
    id: string;
    type: DestinationType;
    url: string | null;
    email: string | null;
    /** The current secret first, then the previous one while its overlap lasts. */
    secrets: string[];
    status: 'active' | 'paused';
    maxConcurrency: number;
  };
  events: DeliveryEvent[];
}

export interface DeliveryEvent {
  id: string;
  type: InsightEventType;
  occurredAt: Date;
  severity: Severity;
  previousSeverity: Severity | null;
  insight: {
    id: string;
    zoneId: string;
    zoneName: string;
    checker: string;
    kind: string;
    subject: string;
    title: string;
    status: string;
  };
}

/** The delivery with its destination and events; undefined when it (or its destination) is gone. */
export async function loadDeliveryContent(pool: Pool, deliveryId: string): Promise<DeliveryContent | undefined> {
  const head = await pool.query<{
    id: string;
    account_id: string;
    mode: DeliveryContent['mode'];
    status: DeliveryStatus;
    created_at: Date;
    destination_id: string;
    type: DestinationType;
    url: string | null;
    email: string | null;
    secret: string | null;
    previous_secret: string | null;
    destination_status: 'active' | 'paused';
    max_concurrency: number;
  }>(
    `SELECT n.id, n.account_id, n.mode, n.status, n.created_at, d.id AS destination_id, d.type, d.url, d.email, d.secret,
            CASE WHEN d.previous_secret_until > now() THEN d.previous_secret END AS previous_secret,
            d.status AS destination_status, d.max_concurrency
     FROM notification_deliveries AS n JOIN notification_destinations AS d ON d.id = n.destination_id
     WHERE n.id = $1`,
    [deliveryId],
  );
  const row = head.rows[0];
  if (!row) return undefined;
  const events = await pool.query<DeliveryEvent>(
    `SELECT e.id::text AS id, e.type, e.occurred_at AS "occurredAt", e.severity, e.previous_severity AS "previousSeverity",
            json_build_object('id', i.id::text, 'zoneId', i.zone_id, 'zoneName', z.name, 'checker', i.checker,
                              'kind', i.kind, 'subject', i.subject, 'title', i.title, 'status', i.status) AS insight
     FROM notification_delivery_events AS de
     JOIN insight_events AS e ON e.id = de.event_id
     JOIN insights AS i ON i.id = e.insight_id
     JOIN zones AS z ON z.id = i.zone_id
     WHERE de.delivery_id = $1
     ORDER BY e.id`,
    [deliveryId],
  );
  return {
    id: row.id,
    accountId: row.account_id,
    mode: row.mode,
    status: row.status,
    createdAt: row.created_at,
    destination: {
      id: row.destination_id,
      type: row.type,
      url: row.url,
      email: row.email,
      secrets: [row.secret, row.previous_secret].filter((s): s is string => s !== null),
      status: row.destination_status,
      maxConcurrency: row.max_concurrency,
    },
    events: events.rows.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
  };
}

/** How an attempt that started and never finished reads in the delivery log (a prefix tests can match). */
export const ATTEMPT_IN_PROGRESS = 'attempt in progress:';

/**
 * Counts an attempt as it starts (count, time, and a last error saying it has not finished),
 * so an attempt whose worker dies mid-request leaves a visible trace in the delivery log.
 * Returns the attempt's number.
 */
export async function startDeliveryAttempt(pool: Pool, deliveryId: string): Promise<number> {
  const result = await pool.query<{ attempts: number }>(
    `UPDATE notification_deliveries
     SET attempts = attempts + 1, last_attempt_at = now(), status = 'sending', response_code = NULL,
         last_error = format('%s attempt %s started at %s and has not finished. If this stays, the worker running it stopped mid-attempt (crashed or killed); the attempt is retried once NOTIFY_ATTEMPT_TIMEOUT has passed.',
                             $2::text, attempts + 1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
     WHERE id = $1 AND status <> 'delivered' RETURNING attempts`,
    [deliveryId, ATTEMPT_IN_PROGRESS],
  );
  return result.rows[0]?.attempts ?? 0;
}

/**
 * Records the outcome of the attempt `startDeliveryAttempt` counted (response code, error). A
 * delivered attempt ends the delivery and the destination's failure streak.
 */
export async function recordDeliveryAttempt(
  pool: Pool,
  deliveryId: string,
  attempt: { delivered: boolean; responseCode: number | null; error: string | null },
): Promise<void> {
  await pool.query(
    `WITH n AS (
       UPDATE notification_deliveries
       SET last_attempt_at = now(), response_code = $2, last_error = $3,
           status = CASE WHEN $4 THEN 'delivered' ELSE 'sending' END,
           finished_at = CASE WHEN $4 THEN now() END
       WHERE id = $1 RETURNING destination_id
     )
     UPDATE notification_destinations SET failure_streak = 0
     WHERE $4 AND id IN (SELECT destination_id FROM n) AND failure_streak <> 0`,
    [deliveryId, attempt.responseCode, attempt.error, attempt.delivered],
  );
}

/**
 * Dead-letters a delivery (refused, or out of retries) and counts it against its destination;
 * at `pauseAfter` dead letters in a row the destination is paused with the reason. Returns
 * whether this paused it.
 */
export async function deadLetterDelivery(
  pool: Pool,
  deliveryId: string,
  pauseAfter: number,
): Promise<{ paused: boolean }> {
  const result = await pool.query<{ paused: boolean }>(
    `WITH n AS (
       UPDATE notification_deliveries SET status = 'failed', finished_at = now()
       WHERE id = $1 RETURNING destination_id, attempts, last_error, response_code
     )
     UPDATE notification_destinations AS d
     SET failure_streak = d.failure_streak + 1,
         status = CASE WHEN d.failure_streak + 1 >= $2 THEN 'paused' ELSE d.status END,
         paused_at = CASE WHEN d.failure_streak + 1 >= $2 AND d.status = 'active' THEN now() ELSE d.paused_at END,
         paused_reason = CASE WHEN d.failure_streak + 1 >= $2 AND d.status = 'active'
           THEN format('%s deliveries in a row dead-lettered; the last after %s attempt(s): %s. Fix the receiver, then resume the destination.',
                       d.failure_streak + 1, n.attempts, coalesce(n.last_error, 'HTTP ' || n.response_code, 'no answer'))
           ELSE d.paused_reason END
     FROM n WHERE d.id = n.destination_id
     RETURNING d.status = 'paused' AND d.failure_streak >= $2 AND d.failure_streak = $2 AS paused`,
    [deliveryId, pauseAfter],
  );
  return { paused: result.rows[0]?.paused ?? false };
}

/** The destination is paused: the delivery waits, held, until the destination is resumed. */
export async function holdDelivery(pool: Pool, deliveryId: string): Promise<void> {
  await pool.query(`UPDATE notification_deliveries SET status = 'held' WHERE id = $1 AND status <> 'delivered'`, [
    deliveryId,
  ]);
}

/** A delivery as the delivery log shows it. */
export interface DeliveryLogEntry {
  id: string;
  destinationId: string;
  mode: 'immediate' | 'digest' | 'test';
  status: DeliveryStatus;
  eventCount: number;
  attempts: number;
  lastError: string | null;
  responseCode: number | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  finishedAt: Date | null;
}

/** The account's deliveries, newest first, optionally of one destination or status. */
export async function listDeliveries(
  pool: Pool,
  accountId: string,
  filter: { destinationId?: string; status?: DeliveryStatus; limit: number },
): Promise<DeliveryLogEntry[]> {
  const result = await pool.query<DeliveryLogEntry>(
    `SELECT id, destination_id AS "destinationId", mode, status, event_count AS "eventCount", attempts,
            last_error AS "lastError", response_code AS "responseCode", created_at AS "createdAt",
            last_attempt_at AS "lastAttemptAt", finished_at AS "finishedAt"
     FROM notification_deliveries
     WHERE account_id = $1 AND ($2::uuid IS NULL OR destination_id = $2) AND ($3::text IS NULL OR status = $3)
     ORDER BY created_at DESC, id DESC
     LIMIT $4`,
    [accountId, filter.destinationId ?? null, filter.status ?? null, filter.limit],
  );
  return result.rows;
}

/** A test send, recorded in the log like any delivery (no events). */
export async function createTestDelivery(pool: Pool, accountId: string, destinationId: string): Promise<string> {
  const result = await pool.query<{ id: string }>(
    `INSERT INTO notification_deliveries (account_id, destination_id, mode, status, event_count)
     VALUES ($1, $2, 'test', 'sending', 0) RETURNING id`,
    [accountId, destinationId],
  );
  return (result.rows[0] as { id: string }).id;
}
