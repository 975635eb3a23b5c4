import type { Pool } from 'pg';
import type { DestinationType } from '../../domain';
import { newWebhookSecret } from './webhook-secret';

/** A destination as the API shows it: never its secrets. */
export interface Destination {
  id: string;
  accountId: string;
  name: string;
  type: DestinationType;
  url: string | null;
  email: string | null;
  maxConcurrency: number;
  status: 'active' | 'paused';
  pausedReason: string | null;
  pausedAt: Date | null;
  failureStreak: number;
  /** Until when the secret before the last rotation still signs; null without a rotation in progress. */
  previousSecretUntil: Date | null;
  createdAt: Date;
}

export type NewDestination =
  | { type: 'webhook'; name: string; url: string; maxConcurrency?: number }
  | { type: 'email'; name: string; email: string; maxConcurrency?: number };

const COLUMNS = `id, account_id, name, type, url, email, max_concurrency, status, paused_reason, paused_at,
  failure_streak, CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS previous_secret_until, created_at`;

interface DestinationRow {
  id: string;
  account_id: string;
  name: string;
  type: DestinationType;
  url: string | null;
  email: string | null;
  max_concurrency: number;
  status: 'active' | 'paused';
  paused_reason: string | null;
  paused_at: Date | null;
  failure_streak: number;
  previous_secret_until: Date | null;
  created_at: Date;
}

function toDestination(row: DestinationRow): Destination {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    type: row.type,
    url: row.url,
    email: row.email,
    maxConcurrency: row.max_concurrency,
    status: row.status,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    failureStreak: row.failure_streak,
    previousSecretUntil: row.previous_secret_until,
    createdAt: row.created_at,
  };
}

/** Creates a destination; a webhook's signing secret is in this answer only. */
export async function createDestination(
  pool: Pool,
  accountId: string,
  input: NewDestination,
): Promise<{ destination: Destination; secret: string | null }> {
  const secret = input.type === 'webhook' ? newWebhookSecret() : null;
  const result = await pool.query<DestinationRow>(
    `INSERT INTO notification_destinations (account_id, name, type, url, email, secret, max_concurrency)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [
      accountId,
      input.name,
      input.type,
      input.type === 'webhook' ? input.url : null,
      input.type === 'email' ? input.email : null,
      secret,
      input.maxConcurrency ?? 2,
    ],
  );
  return { destination: toDestination(result.rows[0] as DestinationRow), secret };
}

export async function listDestinations(pool: Pool, accountId: string): Promise<Destination[]> {
  const result = await pool.query<DestinationRow>(
    `SELECT ${COLUMNS} FROM notification_destinations WHERE account_id = $1 ORDER BY created_at, id`,
    [accountId],
  );
  return result.rows.map(toDestination);
}

/** The destination, when it belongs to the account; undefined otherwise (the API answers 404). */
export async function findDestination(pool: Pool, accountId: string, id: string): Promise<Destination | undefined> {
  const result = await pool.query<DestinationRow>(
    `SELECT ${COLUMNS} FROM notification_destinations WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return result.rows[0] && toDestination(result.rows[0]);
}

/** Deletes the destination, its policies and its deliveries; false when it was not there. */
export async function deleteDestination(pool: Pool, accountId: string, id: string): Promise<boolean> {
  const result = await pool.query(`DELETE FROM notification_destinations WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * Replaces a webhook's secret; the old one keeps signing beside it for `overlapSeconds`, so
 * receivers that still verify with it accept deliveries until they switch. The new secret is
 * in this answer only. Undefined when there is no such webhook destination.
 */
export async function rotateDestinationSecret(
  pool: Pool,
  accountId: string,
  id: string,
  overlapSeconds: number,
): Promise<{ secret: string; previousSecretUntil: Date } | undefined> {
  const secret = newWebhookSecret();
  const result = await pool.query<{ previous_secret_until: Date }>(
    `UPDATE notification_destinations
     SET previous_secret = secret, secret = $3, previous_secret_until = now() + make_interval(secs => $4)
     WHERE account_id = $1 AND id = $2 AND type = 'webhook'
     RETURNING previous_secret_until`,
    [accountId, id, secret, overlapSeconds],
  );
  const row = result.rows[0];
  return row && { secret, previousSecretUntil: row.previous_secret_until };
}

/**
 * Resumes a paused destination: its failure streak restarts and its held deliveries are queued
 * again (a new workflow each, the same webhook-id). Returns how many were queued, or undefined
 * when there is no such destination.
 */
export async function resumeDestination(
  pool: Pool,
  accountId: string,
  id: string,
): Promise<{ requeued: number } | undefined> {
  const result = await pool.query<{ found: boolean; requeued: number }>(
    `WITH d AS (
       UPDATE notification_destinations
       SET status = 'active', paused_reason = NULL, paused_at = NULL, failure_streak = 0
       WHERE account_id = $1 AND id = $2 RETURNING id
     ), q AS (
       UPDATE notification_deliveries SET status = 'queued', generation = generation + 1
       WHERE destination_id IN (SELECT id FROM d) AND status = 'held' RETURNING id
     )
     SELECT EXISTS (SELECT 1 FROM d) AS found, (SELECT count(*)::int FROM q) AS requeued`,
    [accountId, id],
  );
  const row = result.rows[0] as { found: boolean; requeued: number };
  return row.found ? { requeued: row.requeued } : undefined;
}
