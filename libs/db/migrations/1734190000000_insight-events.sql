-- Up Migration

-- The notification outbox. The insight writer appends one row per insight that became worth
-- telling someone about, in the same statement (hence transaction) that changed the insight:
-- `new` (first seen), `reopened` (open again after resolved, or after a dismissal lapsed) and
-- `worsened` (open before and after, severity rose). A re-seen open insight adds nothing.
-- The notification dispatcher reads the rows not yet routed (routed_at NULL) in id order,
-- matches them against each account's policies and stamps routed_at in the same transaction
-- that records the deliveries, so an event is routed exactly once.
CREATE TABLE insight_events (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  insight_id         bigint NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
  account_id         uuid NOT NULL,
  zone_id            uuid NOT NULL,
  type               text NOT NULL CHECK (type IN ('new', 'reopened', 'worsened')),
  checker            text NOT NULL,
  kind               text NOT NULL,
  severity           text NOT NULL CHECK (severity IN ('critical', 'high', 'moderate', 'low', 'info')),
  previous_severity  text CHECK (previous_severity IN ('critical', 'high', 'moderate', 'low', 'info')),
  occurred_at        timestamptz NOT NULL,
  routed_at          timestamptz
);
-- The dispatcher's queue: small, because routed rows leave it.
CREATE INDEX insight_events_unrouted_idx ON insight_events (id) WHERE routed_at IS NULL;
CREATE INDEX insight_events_account_idx ON insight_events (account_id, id);
CREATE INDEX insight_events_insight_idx ON insight_events (insight_id);

-- Down Migration

DROP TABLE insight_events;
