import type { Pool } from 'pg';
import { prepareScanResult, type ScanResult } from '../../libs/domain';

/**
 * The insight lifecycle written the plain way, one row and one decision at a time, as the
 * property test's oracle for the hybrid writer. Deliberately naive: no batching, no COPY,
 * every rule an `if`.
 */
export async function referencePersist(pool: Pool, result: ScanResult): Promise<'written' | 'duplicate' | 'rejected'> {
  const scan = prepareScanResult(result);
  const at = result.finishedAt;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const zone = await client.query<{ account_id: string }>('SELECT account_id FROM zones WHERE id = $1 FOR UPDATE', [
      result.zoneId,
    ]);
    const accountId = zone.rows[0]?.account_id;
    if (!accountId) {
      await client.query('ROLLBACK');
      return 'rejected';
    }
    const inserted = await client.query(
      `INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome, insight_count, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, run_id) DO NOTHING`,
      [
        result.zoneId,
        result.workflowId,
        result.runId,
        result.lane,
        result.startedAt,
        at,
        scan.outcome,
        scan.rows.length,
        scan.error,
      ],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return 'duplicate';
    }
    await client.query('UPDATE zones SET last_scan_at = GREATEST(last_scan_at, $2) WHERE id = $1', [result.zoneId, at]);
    const audit = (id: string, from: string, to: string) =>
      client.query(
        `INSERT INTO insight_audit (insight_id, account_id, zone_id, changed_at, field, old_value, new_value, actor)
         VALUES ($1, $2, $3, $4, 'status', $5, $6, $7)`,
        [id, accountId, result.zoneId, at, from, to, scan.actor],
      );
    for (const row of scan.rows) {
      const found = await client.query<{
        id: string;
        status: string;
        dismissed_until: Date | null;
        resolved_at: Date | null;
      }>('SELECT id, status, dismissed_until, resolved_at FROM insights WHERE zone_id = $1 AND fingerprint = $2', [
        row.zoneId,
        row.fingerprint,
      ]);
      const old = found.rows[0];
      if (!old) {
        await client.query(
          `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details, status, first_seen_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10)`,
          [
            accountId,
            row.zoneId,
            row.checker,
            row.kind,
            row.subject,
            row.fingerprint,
            row.severity,
            row.title,
            row.details,
            at,
          ],
        );
        continue;
      }
      let status = old.status;
      let reopened = 0;
      let resolvedAt = old.resolved_at;
      let dismissedUntil = old.dismissed_until;
      if (old.status === 'resolved') {
        status = 'open';
        reopened = 1;
        resolvedAt = null;
      } else if (
        old.status === 'dismissed' &&
        old.dismissed_until !== null &&
        old.dismissed_until.getTime() <= at.getTime()
      ) {
        status = 'open';
        dismissedUntil = null;
      }
      await client.query(
        `UPDATE insights SET last_seen_at = $2, severity = $3, title = $4, details = $5, status = $6,
                reopen_count = reopen_count + $7, resolved_at = $8, dismissed_until = $9
         WHERE id = $1`,
        [old.id, at, row.severity, row.title, row.details, status, reopened, resolvedAt, dismissedUntil],
      );
      if (status !== old.status) await audit(old.id, old.status, status);
    }
    const foundNow = new Set(scan.rows.map((row) => row.fingerprint));
    for (const checker of scan.completedCheckers) {
      const open = await client.query<{ id: string; fingerprint: string }>(
        `SELECT id, fingerprint FROM insights WHERE zone_id = $1 AND checker = $2 AND status = 'open' ORDER BY id`,
        [result.zoneId, checker],
      );
      for (const insight of open.rows) {
        if (foundNow.has(insight.fingerprint)) continue;
        await client.query(`UPDATE insights SET status = 'resolved', resolved_at = $2 WHERE id = $1`, [insight.id, at]);
        await audit(insight.id, 'open', 'resolved');
      }
    }
    await client.query('COMMIT');
    return 'written';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
