import type { Pool } from 'pg';
import type { CheckerOutcome, Finding, ScanResult } from '../../libs/domain';

/** A finding with sensible defaults; `kind` names it. */
export function buildFinding(kind: string, overrides: Partial<Finding> = {}): Finding {
  return {
    kind,
    subject: 'example.test',
    severity: 'moderate',
    title: `title of ${kind}`,
    details: { n: 1 },
    ...overrides,
  };
}

let sequence = 0;

/** A scan result of one zone with a unique workflow/run id, finished at `at`. */
export function buildScan(zoneId: string, outcomes: CheckerOutcome[], at = new Date()): ScanResult {
  sequence += 1;
  return {
    workflowId: `scan:${zoneId}:${sequence}`,
    runId: `run-${sequence}`,
    zoneId,
    lane: 'fast',
    startedAt: at,
    finishedAt: at,
    outcomes,
  };
}

/** A zone's insights as (kind, status, reopen count), ordered by kind. */
export async function readInsights(pool: Pool, zoneId: string) {
  const result = await pool.query<{ kind: string; status: string; reopen_count: number }>(
    'SELECT kind, status, reopen_count FROM insights WHERE zone_id = $1 ORDER BY kind',
    [zoneId],
  );
  return result.rows;
}

/** A zone's audit trail in order, with the insight's kind instead of its id. */
export async function readAudit(pool: Pool, zoneId: string) {
  const result = await pool.query<{
    kind: string;
    field: string;
    old_value: string | null;
    new_value: string | null;
    actor: string;
    changed_at: Date;
  }>(
    `SELECT i.kind, a.field, a.old_value, a.new_value, a.actor, a.changed_at
     FROM insight_audit AS a JOIN insights AS i ON i.id = a.insight_id
     WHERE a.zone_id = $1 ORDER BY a.id`,
    [zoneId],
  );
  return result.rows;
}
