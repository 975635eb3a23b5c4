-- Up Migration

-- When the scheduler last claimed the zone. The claim may take a zone before it is due
-- (pacing), but never one claimed less than half a frequency ago, so a second scheduler (a
-- replaced run and its successor) cannot claim a zone the first has just claimed.
ALTER TABLE zones ADD COLUMN last_claimed_at timestamptz;

-- Down Migration

ALTER TABLE zones DROP COLUMN last_claimed_at;
