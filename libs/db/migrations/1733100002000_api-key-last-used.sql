-- Up Migration

-- When a key was last used (to the minute: an instance writes it at most once a minute per
-- key), shown by `keys list` so unused keys can be found and revoked.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;

-- Down Migration

ALTER TABLE api_keys DROP COLUMN last_used_at;
