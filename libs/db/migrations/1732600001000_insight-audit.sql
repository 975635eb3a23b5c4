-- Up Migration

-- Every change of an insight's status (or of its classification/dismissal), appended and
-- never updated, like Cloudflare's insights audit log. `actor` says who: the scanner
-- (`scan:<workflow id>`) or an API key (`api-key:<key id>`).
CREATE TABLE insight_audit (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  insight_id  bigint NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
  account_id  uuid NOT NULL,
  zone_id     uuid NOT NULL,
  changed_at  timestamptz NOT NULL,
  field       text NOT NULL,
  old_value   text,
  new_value   text,
  actor       text NOT NULL
);
CREATE INDEX insight_audit_insight_idx ON insight_audit (insight_id, id);
CREATE INDEX insight_audit_account_idx ON insight_audit (account_id, id);

-- Down Migration

DROP TABLE insight_audit;
