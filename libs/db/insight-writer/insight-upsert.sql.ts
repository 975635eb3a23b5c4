import { SEVERITIES } from '../../domain';

const SEVERITY_ARRAY = `ARRAY[${SEVERITIES.map((s) => `'${s}'`).join(', ')}]::text[]`;

/**
 * The one statement that applies a round of scan results (at most one per zone) to the
 * insights: upsert every finding, resolve what a completed checker no longer finds, and append
 * each status change to insight_audit, and append to the notification outbox (insight_events)
 * each insight that is new, reopened or worsened. `source` is where the findings come from: a CTE over
 * `unnest` of parameter arrays (small batches) or the per-connection temporary table filled by
 * COPY (large batches). Old statuses come from `prior`, which reads the same snapshot the
 * upsert starts from (all parts of one statement share it), so the audit and the outbox see before
 * and after. No concurrent writer can insert the same insight in between: the writer locked the
 * zones first, so a finding without a `prior` row is new.
 *
 * Parameters: $1 zone ids, $2 seen-at times, $3 actors (one per scan of the round);
 * $4, $5 zone id and checker of every completed checker.
 */
export function insightRoundSql(source: 'unnest' | 'temp-table'): string {
  const from = source === 'unnest' ? 'input' : 'insight_batch';
  const input =
    source === 'unnest'
      ? `input AS (
           SELECT * FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[])
             AS f (zone_id, checker, kind, subject, fingerprint, severity, title, details)
         ),`
      : '';
  return `
    WITH scan AS (
      SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS s (zone_id, seen_at, actor)
    ),
    ${input}
    prior AS (
      SELECT i.id, i.status, i.severity
      FROM ${from} AS f
      JOIN insights AS i ON i.zone_id = f.zone_id AND i.fingerprint = f.fingerprint
    ),
    upserted AS (
      INSERT INTO insights AS i (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details,
                                 status, first_seen_at, last_seen_at)
      SELECT z.account_id, f.zone_id, f.checker, f.kind, f.subject, f.fingerprint, f.severity, f.title, f.details,
             'open', s.seen_at, s.seen_at
      FROM ${from} AS f
      JOIN scan AS s ON s.zone_id = f.zone_id
      JOIN zones AS z ON z.id = f.zone_id
      ON CONFLICT (zone_id, fingerprint) DO UPDATE SET
        last_seen_at = EXCLUDED.last_seen_at,
        severity = EXCLUDED.severity,
        title = EXCLUDED.title,
        details = EXCLUDED.details,
        reopen_count = i.reopen_count + CASE WHEN i.status = 'resolved' THEN 1 ELSE 0 END,
        resolved_at = CASE WHEN i.status = 'resolved' THEN NULL ELSE i.resolved_at END,
        -- A dismissal with an end lapses when the insight is seen after that end.
        dismissed_until = CASE WHEN i.status = 'dismissed' AND i.dismissed_until <= EXCLUDED.last_seen_at THEN NULL
                               ELSE i.dismissed_until END,
        status = CASE
          WHEN i.status = 'resolved' THEN 'open'
          WHEN i.status = 'dismissed' AND i.dismissed_until <= EXCLUDED.last_seen_at THEN 'open'
          ELSE i.status
        END
      RETURNING i.id, i.account_id, i.zone_id, i.status, i.checker, i.kind, i.severity
    ),
    events AS (
      INSERT INTO insight_events (insight_id, account_id, zone_id, type, checker, kind, severity, previous_severity,
                                  occurred_at)
      SELECT u.id, u.account_id, u.zone_id,
             CASE WHEN p.id IS NULL THEN 'new' WHEN p.status <> 'open' THEN 'reopened' ELSE 'worsened' END,
             u.checker, u.kind, u.severity, p.severity, s.seen_at
      FROM upserted AS u
      LEFT JOIN prior AS p ON p.id = u.id
      JOIN scan AS s ON s.zone_id = u.zone_id
      WHERE u.status = 'open'
        AND (p.id IS NULL OR p.status <> 'open'
             -- Severities listed most urgent first: a lower position is worse.
             OR array_position(${SEVERITY_ARRAY}, u.severity) < array_position(${SEVERITY_ARRAY}, p.severity))
      ORDER BY u.id
    ),
    resolved AS (
      UPDATE insights AS i SET status = 'resolved', resolved_at = s.seen_at
      FROM unnest($4::uuid[], $5::text[]) AS c (zone_id, checker)
      JOIN scan AS s ON s.zone_id = c.zone_id
      WHERE i.zone_id = c.zone_id AND i.checker = c.checker AND i.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM ${from} AS f WHERE f.zone_id = i.zone_id AND f.fingerprint = i.fingerprint)
      RETURNING i.id, i.account_id, i.zone_id
    ),
    changes AS (
      SELECT u.id, u.account_id, u.zone_id, p.status AS old_status, u.status AS new_status
      FROM upserted AS u JOIN prior AS p ON p.id = u.id
      WHERE p.status <> u.status
      UNION ALL
      SELECT r.id, r.account_id, r.zone_id, 'open', 'resolved' FROM resolved AS r
    )
    INSERT INTO insight_audit (insight_id, account_id, zone_id, changed_at, field, old_value, new_value, actor)
    SELECT c.id, c.account_id, c.zone_id, s.seen_at, 'status', c.old_status, c.new_status, s.actor
    FROM changes AS c JOIN scan AS s ON s.zone_id = c.zone_id
    ORDER BY c.id`;
}

/** Created once per pooled connection; ON COMMIT DELETE ROWS empties it without catalog writes. */
export const CREATE_INSIGHT_BATCH_TABLE = `
  CREATE TEMP TABLE IF NOT EXISTS insight_batch (
    zone_id uuid NOT NULL, checker text NOT NULL, kind text NOT NULL, subject text NOT NULL,
    fingerprint text NOT NULL, severity text NOT NULL, title text NOT NULL, details jsonb NOT NULL
  ) ON COMMIT DELETE ROWS`;

export const COPY_INSIGHT_BATCH = `
  COPY insight_batch (zone_id, checker, kind, subject, fingerprint, severity, title, details) FROM STDIN`;
