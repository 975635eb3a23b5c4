import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { setFrequencyUpdate } from '../../libs/contract';
import { createAccount, insertZones, setAccountPlan, setZonePlan } from '../../libs/db';
import { startTestScheduler, statusWhen } from '../support/scheduler';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

async function accountOnPlan(pool: Pool, plan: string, count: number, label: string) {
  const accountId = await createAccount(pool, `${label}-${Math.random().toString(36).slice(2, 8)}`, plan);
  await insertZones(
    pool,
    accountId,
    Array.from({ length: count }, (_, i) => `${label}-${i}.example.com`),
    86_400,
  );
  return accountId;
}

describe('plans: per-plan frequencies in one scheduler', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db, ['scheduler']);

  it('when an account changes plan, then its zones without a plan of their own move with it, sooner when the new plan is faster', async () => {
    const accountId = await accountOnPlan(db.pool, 'free', 3, 'move');
    await db.pool.query(`UPDATE zones SET next_scan_at = now() + interval '6 days' WHERE account_id = $1`, [accountId]);
    const [pinned] = (
      await db.pool.query<{ id: string }>('SELECT id FROM zones WHERE account_id = $1 ORDER BY name', [accountId])
    ).rows;
    expect(await setZonePlan(db.pool, pinned?.id as string, 'pro')).toBe(true);

    expect(await setAccountPlan(db.pool, accountId, 'enterprise')).toBe(2);

    const rows = await db.pool.query<{ plan: string; plan_override: string | null; within_day: boolean }>(
      `SELECT plan, plan_override, next_scan_at <= now() + interval '1 day' AS within_day FROM zones WHERE account_id = $1 ORDER BY name`,
      [accountId],
    );
    expect(rows.rows.map((r) => [r.plan, r.plan_override])).toEqual([
      ['pro', 'pro'],
      ['enterprise', null],
      ['enterprise', null],
    ]);
    expect(rows.rows.slice(1).every((r) => r.within_day)).toBe(true);
    await expect(setAccountPlan(db.pool, accountId, 'gold')).rejects.toThrow(
      'plan "gold" does not exist; known plans: enterprise, business, pro, free',
    );
    await db.pool.query('DELETE FROM accounts WHERE id = $1', [accountId]);
  });

  it('when a scheduler started before plans (no mode) gets a per-plan frequency, then it switches to plans mode and reports each plan', async () => {
    await accountOnPlan(db.pool, 'free', 40, 'free');
    await accountOnPlan(db.pool, 'enterprise', 10, 'ent');
    // The input of a scheduler started by code from before plans: one frequency, no mode.
    const handle = await startTestScheduler(temporal, { frequencySeconds: 600, maxFrequencySeconds: 30 * 86_400 });
    const uniform = await statusWhen(handle, (s) => s.ticks >= 1, 'the first tick');
    expect(uniform.frequencyMode).toBe('uniform');
    expect(uniform.plans?.find((p) => p.plan === 'free')).toMatchObject({ frequencySeconds: 600, activeZones: 40 });
    expect(uniform.desiredRatePerSecond).toBeCloseTo(50 / 600, 6);

    const refused = await handle
      .executeUpdate(setFrequencyUpdate, { args: [{ plans: { enterprise: 5 } }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(
      'plans.enterprise: frequencySeconds 5 is below the minimum; allowed: 10s to 30d (10 to 2592000 seconds)',
    );

    const changed = await handle.executeUpdate(setFrequencyUpdate, { args: [{ plans: { enterprise: 100 } }] });
    expect(changed.frequencyMode).toBe('plans');
    const enterprise = changed.plans?.find((p) => p.plan === 'enterprise');
    expect(enterprise).toMatchObject({ frequencySeconds: 100, activeZones: 10 });
    expect(enterprise?.achievedFrequencySeconds).toBeCloseTo(100, 6);
    // Free falls back to its stored frequency (7 days) at the next tick.
    const next = await statusWhen(
      handle,
      (s) => s.plans?.find((p) => p.plan === 'free')?.frequencySeconds === 7 * 86_400,
      'a tick in plans mode',
    );
    expect(next.desiredRatePerSecond).toBeCloseTo(10 / 100 + 40 / (7 * 86_400), 6);
    const spread = await db.pool.query<{ spread_seconds: number }>(
      `SELECT spread_seconds FROM plans WHERE name = 'enterprise'`,
    );
    expect(spread.rows[0]?.spread_seconds).toBe(100);
    await handle.terminate('test over');
  });
});
