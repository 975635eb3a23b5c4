-- Up Migration

-- The demo zones were named zone-NNNNN.demo.example; .example is a special-use suffix
-- (RFC 6761), which the zone-name rule now refuses, so their scans would fail. They become
-- zone-NNNNN.demo.example.com (example.com is delegated and accepted). Demo account only.
UPDATE zones AS z SET name = z.name || '.com'
WHERE z.name ~ '^zone-[0-9]{5}\.demo\.example$'
  AND z.account_id IN (SELECT id FROM accounts WHERE name = 'Demo account')
  AND NOT EXISTS (SELECT 1 FROM zones AS o WHERE o.account_id = z.account_id AND o.name = z.name || '.com');

-- Down Migration

UPDATE zones AS z SET name = left(z.name, -4)
WHERE z.name ~ '^zone-[0-9]{5}\.demo\.example\.com$'
  AND z.account_id IN (SELECT id FROM accounts WHERE name = 'Demo account')
  AND NOT EXISTS (SELECT 1 FROM zones AS o WHERE o.account_id = z.account_id AND o.name = left(z.name, -4));
