-- Up Migration

-- Set by the scheduler's claim (database time), cleared by the writer when a scan of the zone
-- lands: the scheduler counts scans in flight from it, for its backpressure cap. One clock
-- (the database's) on both sides, so worker clock skew cannot keep a scan counted.
ALTER TABLE zones ADD COLUMN scan_pending_since timestamptz;

-- Down Migration

ALTER TABLE zones DROP COLUMN scan_pending_since;
