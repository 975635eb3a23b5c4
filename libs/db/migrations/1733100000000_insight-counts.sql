-- Up Migration

-- Insight counts per account × checker × kind × severity × status, so the API's counts of an
-- account read a few hundred summary rows instead of counting every insight (10k+ per account).
--
-- Kept in the writing transaction itself by statement triggers on `insights` (the insight
-- writer, triage, deletes and cascades alike, so no path can forget it). The triggers only
-- APPEND net changes to insight_count_deltas: concurrent writers never wait on (or deadlock
-- over) a shared summary row. compact_insight_counts() folds the deltas into insight_counts
-- (the active API instance calls it every second); a reader sums both, so counts are exact at
-- any moment, compacted or not.
CREATE TABLE insight_counts (
  account_id  uuid NOT NULL,
  checker     text NOT NULL,
  kind        text NOT NULL,
  severity    text NOT NULL,
  status      text NOT NULL,
  n           bigint NOT NULL,
  PRIMARY KEY (account_id, checker, kind, severity, status)
);

CREATE TABLE insight_count_deltas (
  account_id  uuid NOT NULL,
  checker     text NOT NULL,
  kind        text NOT NULL,
  severity    text NOT NULL,
  status      text NOT NULL,
  n           bigint NOT NULL
);
CREATE INDEX insight_count_deltas_account_idx ON insight_count_deltas (account_id);

CREATE FUNCTION insight_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_count_deltas (account_id, checker, kind, severity, status, n)
  SELECT account_id, checker, kind, severity, status, count(*) FROM inserted_rows GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

-- Most updates are re-scans that change neither severity nor status: they net to nothing.
CREATE FUNCTION insight_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_count_deltas (account_id, checker, kind, severity, status, n)
  SELECT account_id, checker, kind, severity, status, sum(n)
  FROM (
    SELECT account_id, checker, kind, severity, status, -1 AS n FROM old_rows
    UNION ALL
    SELECT account_id, checker, kind, severity, status, 1 AS n FROM new_rows
  ) AS changes
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(n) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION insight_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_count_deltas (account_id, checker, kind, severity, status, n)
  SELECT account_id, checker, kind, severity, status, -count(*) FROM deleted_rows GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

CREATE FUNCTION insight_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE insight_counts, insight_count_deltas;
  RETURN NULL;
END $$;

CREATE TRIGGER insight_counts_insert AFTER INSERT ON insights
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_counts_inserted();
CREATE TRIGGER insight_counts_update AFTER UPDATE ON insights
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_counts_updated();
CREATE TRIGGER insight_counts_delete AFTER DELETE ON insights
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_counts_deleted();
CREATE TRIGGER insight_counts_truncate AFTER TRUNCATE ON insights
  FOR EACH STATEMENT EXECUTE FUNCTION insight_counts_truncated();

-- Folds the deltas into insight_counts in one transaction (readers see before or after, never
-- half). Deltas committed meanwhile are not in this snapshot and stay for the next call. One
-- compaction at a time (an advisory lock); a second caller returns -1 at once.
CREATE FUNCTION compact_insight_counts() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7300417002) THEN
    RETURN -1;
  END IF;
  WITH taken AS (
    DELETE FROM insight_count_deltas RETURNING account_id, checker, kind, severity, status, n
  )
  INSERT INTO insight_counts AS c (account_id, checker, kind, severity, status, n)
  SELECT account_id, checker, kind, severity, status, sum(n) FROM taken
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (account_id, checker, kind, severity, status) DO UPDATE SET n = c.n + EXCLUDED.n;
  GET DIAGNOSTICS folded = ROW_COUNT;
  IF folded > 0 THEN
    DELETE FROM insight_counts WHERE n = 0;
  END IF;
  RETURN folded;
END $$;

-- The summary of the insights already there (the trigger creation above locked out writers
-- until this migration commits, so nothing is counted twice or missed).
INSERT INTO insight_counts (account_id, checker, kind, severity, status, n)
SELECT account_id, checker, kind, severity, status, count(*) FROM insights GROUP BY 1, 2, 3, 4, 5;

-- Down Migration

DROP TRIGGER insight_counts_truncate ON insights;
DROP TRIGGER insight_counts_delete ON insights;
DROP TRIGGER insight_counts_update ON insights;
DROP TRIGGER insight_counts_insert ON insights;
DROP FUNCTION compact_insight_counts();
DROP FUNCTION insight_counts_truncated();
DROP FUNCTION insight_counts_deleted();
DROP FUNCTION insight_counts_updated();
DROP FUNCTION insight_counts_inserted();
DROP TABLE insight_count_deltas;
DROP TABLE insight_counts;
