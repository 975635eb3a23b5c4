-- Up Migration

-- Each scan records the zone's grade (libs/domain/grade.ts) from its open insights once the
-- scan's findings are applied, so a zone's grade has a history; the zone keeps its latest for
-- listing and sorting. NULL: not graded (a scan in which no checker completed, or a zone never
-- graded). score 0-100 orders zones by grade.
ALTER TABLE scans
  ADD COLUMN grade text CHECK (grade IN ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F')),
  ADD COLUMN score smallint CHECK (score BETWEEN 0 AND 100);

ALTER TABLE zones
  ADD COLUMN grade text CHECK (grade IN ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F')),
  ADD COLUMN score smallint CHECK (score BETWEEN 0 AND 100),
  ADD COLUMN graded_at timestamptz;

-- Down Migration

ALTER TABLE zones DROP COLUMN graded_at, DROP COLUMN score, DROP COLUMN grade;
ALTER TABLE scans DROP COLUMN score, DROP COLUMN grade;
