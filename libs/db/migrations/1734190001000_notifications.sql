-- Up Migration

-- Where an account's notifications go. A webhook has a URL and a signing secret (Standard
-- Webhooks, `whsec_<base64>`), shown once at creation and at rotation; after a rotation the
-- previous secret also signs until previous_secret_until, so receivers can switch without a
-- gap. An email destination has an address. A destination that keeps failing is paused with
-- the reason; deliveries for it wait (status held) until it is resumed.
CREATE TABLE notification_destinations (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id             uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type                   text NOT NULL CHECK (type IN ('webhook', 'email')),
  url                    text CHECK (length(url) <= 2048),
  email                  text CHECK (length(email) <= 254),
  secret                 text,
  previous_secret        text,
  previous_secret_until  timestamptz,
  max_concurrency        smallint NOT NULL DEFAULT 2 CHECK (max_concurrency BETWEEN 1 AND 16),
  status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  paused_reason          text,
  paused_at              timestamptz,
  -- Deliveries dead-lettered in a row; a delivered one resets it.
  failure_streak         integer NOT NULL DEFAULT 0,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'webhook' AND url IS NOT NULL AND secret IS NOT NULL AND email IS NULL)
      OR (type = 'email' AND email IS NOT NULL AND url IS NULL AND secret IS NULL))
);
CREATE INDEX notification_destinations_account_idx ON notification_destinations (account_id, created_at);

-- Which events go where: at least this severity, of these kinds / zones / event types (NULL:
-- any), sent at once (grouped over a short window) or in a daily digest.
CREATE TABLE notification_policies (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  destination_id  uuid NOT NULL REFERENCES notification_destinations (id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  min_severity    text NOT NULL CHECK (min_severity IN ('critical', 'high', 'moderate', 'low', 'info')),
  kinds           text[],
  zone_ids        uuid[],
  event_types     text[] NOT NULL CHECK (event_types <@ ARRAY['new', 'reopened', 'worsened'] AND cardinality(event_types) > 0),
  mode            text NOT NULL CHECK (mode IN ('immediate', 'digest')),
  enabled         boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_policies_account_idx ON notification_policies (account_id) WHERE enabled;
CREATE INDEX notification_policies_destination_idx ON notification_policies (destination_id);

-- Routed events waiting for their batch: due at once (immediate) or at the next digest time.
-- One row per (destination, event, mode): two policies picking the same event for the same
-- destination send it once.
CREATE TABLE notification_queue (
  destination_id  uuid NOT NULL REFERENCES notification_destinations (id) ON DELETE CASCADE,
  event_id        bigint NOT NULL REFERENCES insight_events (id) ON DELETE CASCADE,
  mode            text NOT NULL CHECK (mode IN ('immediate', 'digest')),
  due_at          timestamptz NOT NULL,
  PRIMARY KEY (destination_id, mode, event_id)
);
CREATE INDEX notification_queue_due_idx ON notification_queue (due_at);

-- One delivery = one request (or email) to one destination carrying a batch of events; its id
-- is the webhook-id, the same on every attempt, so receivers can drop repeats.
-- queued: waiting for its workflow to start; sending: its workflow runs; held: the destination
-- is paused; delivered; failed: dead-lettered (refused, or retries exhausted).
CREATE TABLE notification_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  destination_id   uuid NOT NULL REFERENCES notification_destinations (id) ON DELETE CASCADE,
  mode             text NOT NULL CHECK (mode IN ('immediate', 'digest', 'test')),
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'held', 'delivered', 'failed')),
  event_count      integer NOT NULL,
  -- Starts of its workflow: a held delivery resumed gets a new workflow id, same webhook-id.
  generation       integer NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  response_code    integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  finished_at      timestamptz
);
CREATE INDEX notification_deliveries_destination_idx ON notification_deliveries (destination_id, created_at DESC);
CREATE INDEX notification_deliveries_account_idx ON notification_deliveries (account_id, created_at DESC);
CREATE INDEX notification_deliveries_queued_idx ON notification_deliveries (created_at) WHERE status = 'queued';

CREATE TABLE notification_delivery_events (
  delivery_id  uuid NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  event_id     bigint NOT NULL REFERENCES insight_events (id) ON DELETE CASCADE,
  PRIMARY KEY (delivery_id, event_id)
);
CREATE INDEX notification_delivery_events_event_idx ON notification_delivery_events (event_id);

-- Down Migration

DROP TABLE notification_delivery_events;
DROP TABLE notification_deliveries;
DROP TABLE notification_queue;
DROP TABLE notification_policies;
DROP TABLE notification_destinations;
