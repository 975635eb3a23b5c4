import type { Pool } from 'pg';
import { createAccount, insertZones } from '../../../libs/db';
import { prepareScanResult, SEVERITIES, type Finding, type PreparedScan } from '../../../libs/domain';

/** The zones one bench path writes to: its own account, so paths never see each other's rows. */
export interface BenchZones {
  accountId: string;
  zoneIds: string[];
  perZone: number;
}

/** Findings per zone in a batch: a scan with 100 findings is large; bigger batches span more zones. */
const FINDINGS_PER_ZONE = 100;

/** Creates the account and zones that batches of `size` rows for `label` go to. */
export async function createBenchZones(pool: Pool, label: string, size: number): Promise<BenchZones> {
  const zoneCount = Math.ceil(size / FINDINGS_PER_ZONE);
  const accountId = await createAccount(pool, `bench ${label} ${size}`);
  const names = Array.from({ length: zoneCount }, (_, i) => `z${i}.${label}-${size}.bench.example.com`);
  await insertZones(pool, accountId, names, 3600);
  const rows = await pool.query<{ id: string }>('SELECT id FROM zones WHERE account_id = $1 ORDER BY name', [
    accountId,
  ]);
  return { accountId, zoneIds: rows.rows.map((r) => r.id), perZone: Math.ceil(size / zoneCount) };
}

/**
 * The `iteration`-th scan of every zone: a re-scan finds 90 % of the previous findings again
 * (updates), 10 % new ones (inserts), and no longer finds 10 % (resolved) — a steady state.
 */
export function buildBatch(zones: BenchZones, label: string, size: number, iteration: number): PreparedScan[] {
  const shift = Math.max(1, Math.floor(zones.perZone / 10));
  const finishedAt = new Date(Date.UTC(2026, 0, 1) + iteration * 60_000);
  let remaining = size;
  return zones.zoneIds.map((zoneId, z) => {
    const count = Math.min(zones.perZone, remaining);
    remaining -= count;
    const findings: Finding[] = Array.from({ length: count }, (_, j) => {
      const n = j + iteration * shift;
      return {
        kind: `bench-kind-${n % 20}`,
        subject: `host-${n}.z${z}.bench.test/path?q=${n}`,
        severity: SEVERITIES[n % SEVERITIES.length] as Finding['severity'],
        title: `Benchmark finding ${n} on zone ${z}`,
        details: { n, iteration, note: 'synthetic benchmark row', tags: ['a', 'b'] },
      };
    });
    return prepareScanResult({
      workflowId: `bench:${label}:${size}:${iteration}:${z}`,
      runId: 'run',
      zoneId,
      lane: 'fast',
      startedAt: finishedAt,
      finishedAt,
      outcomes: [{ checker: 'synthetic', status: 'completed', findings }],
    });
  });
}
