import type { Pool } from 'pg';
import { fingerprintOf, isSeverity, type CheckerOutcome, type Lane, type LaneObservation } from '../domain';
import { updateZoneAfterScan } from './zone-lane.repository';

export interface ScanResult {
  workflowId: string;
  runId: string;
  zoneId: string;
  lane: Lane;
  startedAt: Date;
  finishedAt: Date;
  outcomes: CheckerOutcome[];
  /** The lane move this scan observed, applied to the zone in the same transaction. */
  laneObservation?: LaneObservation;
}

/** Thrown when a scan result is malformed; nothing of it was written. */
export class InvalidScanResultError extends Error {
  override readonly name = 'InvalidScanResultError';
}

/**
 * Persists one zone scan in one transaction: the `scans` row, the upsert of every finding,
 * and the resolution of open insights that a completed checker no longer finds. Applying the
 * same result twice (an activity retry) changes nothing the second time: the scans row,
 * keyed by workflow and run id, is written first and its conflict ends the transaction.
 */
export async function persistScanResult(pool: Pool, result: ScanResult): Promise<{ insightCount: number; duplicate: boolean }> {
  const rows = flattenFindings(result);
  const completed = result.outcomes.filter((o) => o.status === 'completed').map((o) => o.checker);
  const failed = result.outcomes.filter((o) => o.status === 'failed');
  const outcome = failed.length === 0 ? 'completed' : completed.length === 0 ? 'failed' : 'partial';
  const error = failed.length ? failed.map((f) => `${f.checker}: ${f.status === 'failed' ? f.error : ''}`).join('; ') : null;

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const scan = await client.query(
      `INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome, insight_count, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workflow_id, run_id) DO NOTHING`,
      [result.zoneId, result.workflowId, result.runId, result.lane, result.startedAt, result.finishedAt, outcome, rows.length, error],
    );
    if (scan.rowCount === 0) {
      await client.query('ROLLBACK');
      return { insightCount: rows.length, duplicate: true };
    }
    if (rows.length > 0) {
      await client.query(
        `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details,
                               status, first_seen_at, last_seen_at)
         SELECT z.account_id, z.id, f.checker, f.kind, f.subject, f.fingerprint, f.severity, f.title, f.details,
                'open', $2, $2
         FROM zones AS z,
              unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
                AS f (checker, kind, subject, fingerprint, severity, title, details)
         WHERE z.id = $1
         ON CONFLICT (zone_id, fingerprint) DO UPDATE SET
           last_seen_at = EXCLUDED.last_seen_at,
           severity = EXCLUDED.severity,
           title = EXCLUDED.title,
           details = EXCLUDED.details,
           reopen_count = insights.reopen_count + CASE WHEN insights.status = 'resolved' THEN 1 ELSE 0 END,
           resolved_at = CASE WHEN insights.status = 'resolved' THEN NULL ELSE insights.resolved_at END,
           status = CASE
             WHEN insights.status = 'resolved' THEN 'open'
             WHEN insights.status = 'dismissed' AND insights.dismissed_until <= EXCLUDED.last_seen_at THEN 'open'
             ELSE insights.status
           END`,
        [
          result.zoneId,
          result.finishedAt,
          rows.map((r) => r.checker),
          rows.map((r) => r.kind),
          rows.map((r) => r.subject),
          rows.map((r) => r.fingerprint),
          rows.map((r) => r.severity),
          rows.map((r) => r.title),
          rows.map((r) => JSON.stringify(r.details)),
        ],
      );
    }
    if (completed.length > 0) {
      await client.query(
        `UPDATE insights SET status = 'resolved', resolved_at = $2
         WHERE zone_id = $1 AND status = 'open' AND checker = ANY($3::text[]) AND NOT (fingerprint = ANY($4::text[]))`,
        [result.zoneId, result.finishedAt, completed, rows.map((r) => r.fingerprint)],
      );
    }
    await updateZoneAfterScan(client, result.zoneId, result.finishedAt, result.laneObservation);
    await client.query('COMMIT');
    return { insightCount: rows.length, duplicate: false };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function flattenFindings(result: ScanResult) {
  const byFingerprint = new Map<string, { checker: string; kind: string; subject: string; fingerprint: string; severity: string; title: string; details: Record<string, unknown> }>();
  for (const outcome of result.outcomes) {
    if (outcome.status !== 'completed') continue;
    for (const finding of outcome.findings) {
      if (!finding.kind || !finding.subject || !finding.title || !isSeverity(finding.severity)) {
        throw new InvalidScanResultError(
          `checker ${outcome.checker} returned a malformed finding for zone ${result.zoneId}: kind, subject, title and a known severity are required`,
        );
      }
      const fingerprint = fingerprintOf(outcome.checker, finding.kind, finding.subject);
      // A checker reporting the same finding twice in one scan is one insight.
      byFingerprint.set(fingerprint, { checker: outcome.checker, fingerprint, ...finding });
    }
  }
  return [...byFingerprint.values()];
}
