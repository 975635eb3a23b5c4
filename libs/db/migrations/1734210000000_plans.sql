-- Up Migration

-- Plans: named tiers, each with the scan frequency its zones get (after Cloudflare's 2026
-- post: free 7 days, pro and business 3 days, enterprise daily). `priority` orders the
-- degradation when SCHEDULER_MAX_RATE binds: the lowest priority slows down first, the
-- highest (enterprise) last. `spread_seconds` is the frequency the plan's zones were last
-- scheduled for: when the frequency differs, the next tick re-spreads them (see
-- libs/db/zones/zone-plan.repository.ts), once.
CREATE TABLE plans (
  name               text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]{0,31}$'),
  frequency_seconds  integer NOT NULL CHECK (frequency_seconds > 0),
  priority           integer NOT NULL UNIQUE,
  spread_seconds     double precision CHECK (spread_seconds > 0),
  created_at         timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (name, frequency_seconds, priority) VALUES
  ('free', 604800, 0),
  ('pro', 259200, 1),
  ('business', 259200, 2),
  ('enterprise', 86400, 3);

-- An account's plan; its zones follow it unless a zone has its own (plan_override).
-- zones.plan is the zone's effective plan, kept by libs/db/zones so the claim can select a
-- plan's stalest zones through one index.
ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free' REFERENCES plans (name);
ALTER TABLE zones
  ADD COLUMN plan text NOT NULL DEFAULT 'free' REFERENCES plans (name),
  ADD COLUMN plan_override text REFERENCES plans (name);
CREATE INDEX zones_plan_due_idx ON zones (plan, next_scan_at) WHERE status = 'active';

-- Down Migration

DROP INDEX zones_plan_due_idx;
ALTER TABLE zones DROP COLUMN plan_override, DROP COLUMN plan;
ALTER TABLE accounts DROP COLUMN plan;
DROP TABLE plans;
