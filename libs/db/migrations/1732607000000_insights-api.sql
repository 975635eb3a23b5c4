-- Up Migration

-- The API's classification of an insight (Cloudflare's Security Center offers the same three)
-- and the reason given for it; both are audited in insight_audit.
ALTER TABLE insights
  ADD COLUMN classification text CHECK (classification IN ('false_positive', 'accept_risk', 'other')),
  ADD COLUMN rationale text CHECK (length(rationale) <= 2000);

-- Keyset pagination walks insights newest first (id DESC) within an account or a zone; these
-- indexes make the first page and a deep page both a short index range scan.
CREATE INDEX insights_account_id_idx ON insights (account_id, id);
CREATE INDEX insights_zone_id_idx ON insights (zone_id, id);
-- Counts by kind and by checker within an account (severity is covered by insights_account_idx).
CREATE INDEX insights_account_kind_idx ON insights (account_id, kind);
CREATE INDEX insights_account_checker_idx ON insights (account_id, checker);
-- Zone listings per account.
CREATE INDEX zones_account_idx ON zones (account_id, id);
CREATE INDEX api_keys_account_idx ON api_keys (account_id);

-- Down Migration

DROP INDEX api_keys_account_idx;
DROP INDEX zones_account_idx;
DROP INDEX insights_account_checker_idx;
DROP INDEX insights_account_kind_idx;
DROP INDEX insights_zone_id_idx;
DROP INDEX insights_account_id_idx;
ALTER TABLE insights DROP COLUMN rationale, DROP COLUMN classification;
