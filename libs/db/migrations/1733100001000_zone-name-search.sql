-- Up Migration

-- Zones found by name across accounts (an admin's `GET /zones?name_prefix=shop.`): a prefix
-- LIKE can use this index whatever the database's collation. Within one account the unique
-- (account_id, name) index serves exact names and the name-ordered keyset pages.
CREATE INDEX zones_name_pattern_idx ON zones (name text_pattern_ops);

-- Down Migration

DROP INDEX zones_name_pattern_idx;
