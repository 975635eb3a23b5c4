import type { Pool, PoolClient } from 'pg';

/** A plan (tier) as stored: its frequency and its place in the degradation order. */
export interface PlanRow {
  name: string;
  frequencySeconds: number;
  /** Higher keeps its frequency longer when SCHEDULER_MAX_RATE binds (enterprise last). */
  priority: number;
}

/** Thrown when a plan name is not one of the stored plans. */
export class UnknownPlanError extends Error {
  override readonly name = 'UnknownPlanError';
  readonly code = 'UnknownPlan';
  constructor(
    readonly plan: string,
    readonly known: string[],
  ) {
    super(`plan "${plan}" does not exist; known plans: ${known.join(', ')}`);
  }
}

/** Every plan, highest priority first. */
export async function listPlans(pool: Pool | PoolClient): Promise<PlanRow[]> {
  const result = await pool.query<PlanRow>(
    `SELECT name, frequency_seconds AS "frequencySeconds", priority FROM plans ORDER BY priority DESC`,
  );
  return result.rows;
}

/** Refuses a plan name that is not stored, naming the ones that are. */
export async function requirePlan(pool: Pool | PoolClient, plan: string): Promise<void> {
  const plans = await listPlans(pool);
  if (!plans.some((row) => row.name === plan))
    throw new UnknownPlanError(
      plan,
      plans.map((row) => row.name),
    );
}

/** Changes a plan's stored frequency (the default the scheduler uses for it); false when no such plan. */
export async function setPlanFrequency(pool: Pool, plan: string, frequencySeconds: number): Promise<boolean> {
  const result = await pool.query(`UPDATE plans SET frequency_seconds = $2 WHERE name = $1`, [plan, frequencySeconds]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * A zone that changes plan keeps its place when the new plan scans it at least as soon, and is
 * otherwise brought forward to a random moment within the new plan's frequency: a zone moving
 * from free (7 d) to enterprise (1 d) is scanned within a day, and a whole account moving is
 * spread over that day, never bunched.
 */
function movedNextScanSql(planExpr: string): string {
  return `LEAST(next_scan_at, now() + random() * (SELECT p.frequency_seconds FROM plans p WHERE p.name = ${planExpr}) * interval '1 second')`;
}

/** Moves an account's zones that have no plan of their own to the account's plan (inside the caller's transaction). */
export async function moveAccountZonesToPlan(client: PoolClient, accountId: string): Promise<number> {
  const result = await client.query(
    `UPDATE zones SET plan = a.plan, next_scan_at = ${movedNextScanSql('a.plan')}
     FROM accounts a
     WHERE a.id = zones.account_id AND zones.account_id = $1 AND zones.plan_override IS NULL
       AND zones.plan <> a.plan`,
    [accountId],
  );
  return result.rowCount ?? 0;
}

/**
 * Gives a zone its own plan, or (null) makes it follow its account's again; false when the
 * zone is missing or deleted.
 */
export async function setZonePlan(pool: Pool, zoneId: string, plan: string | null): Promise<boolean> {
  if (plan !== null) await requirePlan(pool, plan);
  const result = await pool.query(
    `WITH target AS (
       SELECT z.id, coalesce($2::text, a.plan) AS plan
       FROM zones z JOIN accounts a ON a.id = z.account_id
       WHERE z.id = $1 AND z.status <> 'deleted'
     )
     UPDATE zones SET plan_override = $2::text, plan = target.plan,
       next_scan_at = CASE WHEN zones.plan = target.plan THEN zones.next_scan_at
         ELSE ${movedNextScanSql('target.plan')} END
     FROM target WHERE zones.id = target.id`,
    [zoneId, plan],
  );
  return (result.rowCount ?? 0) > 0;
}

/** A plan whose frequency the scheduler now uses. */
export interface PlanFrequency {
  plan: string;
  frequencySeconds: number;
}

/**
 * Re-spreads the zones of every plan whose frequency changed since its zones were last
 * scheduled: each zone's remaining wait is scaled by new / old frequency, so the order and
 * the uniform spread are kept and the plan's claims move to the new rate without a spike
 * (zones already due stay as they are: the catch-up drains them within its ceiling). Records
 * the frequency, so a retried tick re-spreads nothing. Returns the zones moved.
 */
export async function respreadPlans(pool: Pool, frequencies: readonly PlanFrequency[]): Promise<number> {
  if (frequencies.length === 0) return 0;
  const result = await pool.query<{ moved: string }>(
    `WITH wanted AS (
       SELECT plan, frequency FROM unnest($1::text[], $2::float8[]) AS w(plan, frequency)
     ), changed AS (
       UPDATE plans p SET spread_seconds = w.frequency
       FROM wanted w, (SELECT name, spread_seconds FROM plans) AS before
       WHERE p.name = w.plan AND before.name = p.name AND p.spread_seconds IS DISTINCT FROM w.frequency
       RETURNING p.name, before.spread_seconds AS old_seconds, w.frequency AS new_seconds
     ), moved AS (
       UPDATE zones z
       SET next_scan_at = now() + (z.next_scan_at - now()) * (c.new_seconds / c.old_seconds)
       FROM changed c
       WHERE z.plan = c.name AND c.old_seconds IS NOT NULL AND z.status = 'active' AND z.next_scan_at > now()
       RETURNING 1
     )
     SELECT count(*) AS moved FROM moved`,
    [frequencies.map((f) => f.plan), frequencies.map((f) => f.frequencySeconds)],
  );
  return Number(result.rows[0]?.moved ?? 0);
}
