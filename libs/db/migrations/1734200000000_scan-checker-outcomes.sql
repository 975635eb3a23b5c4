-- Up Migration

-- What each checker of a scan did: [{"checker","status":"completed","findings":n} or
-- {"checker","status":"failed","error"}]. The zone page shows a scan's outcome per checker;
-- scans written before this column have none ([]), their `error` still names failed checkers.
-- A constant default: PostgreSQL adds the column without rewriting the table.
ALTER TABLE scans ADD COLUMN checkers jsonb NOT NULL DEFAULT '[]';

-- Down Migration

ALTER TABLE scans DROP COLUMN checkers;
