-- Up Migration

-- Statuses, lanes and severities are text with CHECK constraints rather than enum types,
-- so that batched writes can pass them as plain text[] arrays.

CREATE TABLE accounts (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE zones (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 253),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'deleted')),
  next_scan_at  timestamptz NOT NULL DEFAULT now(),
  last_scan_at  timestamptz,
  lane_hint     text NOT NULL DEFAULT 'fast' CHECK (lane_hint IN ('fast', 'slow')),
  slow_streak   integer NOT NULL DEFAULT 0,
  -- The scheduler tick that last claimed this zone: a retried claim returns the same zones.
  claim_tick    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
-- The scheduler's claim: the stalest due active zones first.
CREATE INDEX zones_due_idx ON zones (next_scan_at) WHERE status = 'active';
CREATE INDEX zones_claim_tick_idx ON zones (claim_tick) WHERE claim_tick IS NOT NULL;

CREATE TABLE insights (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  zone_id          uuid NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  checker          text NOT NULL,
  kind             text NOT NULL,
  subject          text NOT NULL,
  fingerprint      text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('critical', 'high', 'moderate', 'low', 'info')),
  title            text NOT NULL,
  details          jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  first_seen_at    timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  resolved_at      timestamptz,
  dismissed_until  timestamptz,
  reopen_count     integer NOT NULL DEFAULT 0,
  UNIQUE (zone_id, fingerprint)
);
CREATE INDEX insights_account_idx ON insights (account_id, status, severity);

CREATE TABLE scans (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  zone_id        uuid NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  workflow_id    text NOT NULL,
  run_id         text NOT NULL,
  lane           text NOT NULL CHECK (lane IN ('fast', 'slow')),
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('completed', 'partial', 'failed')),
  insight_count  integer NOT NULL DEFAULT 0,
  error          text,
  UNIQUE (workflow_id, run_id)
);
CREATE INDEX scans_zone_idx ON scans (zone_id, finished_at DESC);
CREATE INDEX scans_finished_idx ON scans (finished_at);

CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id  uuid REFERENCES accounts (id) ON DELETE CASCADE, -- NULL: an admin key
  name        text NOT NULL,
  hash        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Down Migration

DROP TABLE api_keys;
DROP TABLE scans;
DROP TABLE insights;
DROP TABLE zones;
DROP TABLE accounts;
