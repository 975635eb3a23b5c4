import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface ApiBenchShape {
  accounts: number;
  zones: number;
  insights: number;
}

const CHECKERS = ['dns', 'tls', 'http', 'synthetic'];
const KINDS = Array.from({ length: 24 }, (_, i) => `kind_${String(i).padStart(2, '0')}`);
const SEVERITIES = ['critical', 'high', 'high', 'moderate', 'moderate', 'moderate', 'low', 'low', 'info', 'info'];
const STATUSES = ['open', 'open', 'open', 'open', 'open', 'open', 'open', 'resolved', 'resolved', 'dismissed'];

/**
 * Seeds the bench database: `accounts` accounts, `zones` zones spread evenly over them, and
 * `insights` insights spread evenly over the zones, the insights through COPY. A database that
 * already holds exactly this shape is reused (seeding 1M rows takes a minute).
 */
export async function seedApiBench(
  pool: Pool,
  shape: ApiBenchShape,
  say: (line: string) => void,
): Promise<{ reused: boolean }> {
  const counts = await pool.query<{ accounts: number; zones: number; insights: number }>(
    `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM zones)::int AS zones, (SELECT count(*) FROM insights)::int AS insights`,
  );
  const now = counts.rows[0];
  if (now && now.accounts === shape.accounts && now.zones === shape.zones && now.insights === shape.insights) {
    await vacuum(pool);
    return { reused: true };
  }

  say(`seeding ${shape.accounts} accounts, ${shape.zones} zones, ${shape.insights} insights (COPY) …`);
  await pool.query('TRUNCATE accounts, zones, insights, insight_audit, scans, api_keys CASCADE');
  await pool.query(`INSERT INTO accounts (name) SELECT 'bench-account-' || i FROM generate_series(1, $1) AS i`, [
    shape.accounts,
  ]);
  await pool.query(
    `INSERT INTO zones (account_id, name, status)
     SELECT a.id, 'zone-' || z || '.bench.example.com', 'paused'
     FROM generate_series(0, $1 - 1) AS z
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts) AS a ON a.n = z % $2`,
    [shape.zones, shape.accounts],
  );
  const zones = (
    await pool.query<{ id: string; account_id: string; name: string }>(
      'SELECT id, account_id, name FROM zones ORDER BY name',
    )
  ).rows;
  const perZone = Math.ceil(shape.insights / zones.length);
  const started = Date.now();
  const client = await pool.connect();
  try {
    const copy = client.query(
      copyFrom(
        `COPY insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, status, first_seen_at, last_seen_at) FROM STDIN`,
      ),
    );
    await pipeline(Readable.from(rows(zones, perZone, shape.insights)), copy);
  } finally {
    client.release();
  }
  await vacuum(pool);
  say(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { reused: false };
}

/**
 * VACUUM sets the visibility map, which lets counts run as index-only scans instead of reading
 * ~9,000 heap pages per account; autovacuum does the same on a live table, later.
 */
async function vacuum(pool: Pool): Promise<void> {
  // The API folds the count deltas every second; folded here, the run starts from that state.
  await pool.query('SELECT compact_insight_counts()');
  await pool.query('VACUUM (ANALYZE) accounts, zones, insights, insight_counts, insight_count_deltas');
}

function* rows(
  zones: Array<{ id: string; account_id: string; name: string }>,
  perZone: number,
  total: number,
): Generator<string> {
  const base = Date.now();
  let made = 0;
  let chunk = '';
  // Zones interleaved (insight i of every zone, then i + 1), so ids of one account spread over the table as a scanner writes them.
  for (let i = 0; i < perZone && made < total; i++) {
    for (const [z, zone] of zones.entries()) {
      if (made >= total) break;
      const n = made++;
      const seen = new Date(base - ((n * 7919) % (30 * 86400)) * 1000).toISOString();
      chunk += `${zone.account_id}\t${zone.id}\t${CHECKERS[(i + z) % CHECKERS.length]}\t${KINDS[(i * 7 + z) % KINDS.length]}\t${zone.name}/p${i}\tf${i}\t${SEVERITIES[(n * 31) % SEVERITIES.length]}\tFinding ${i}\t${STATUSES[(n * 17) % STATUSES.length]}\t${seen}\t${seen}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}
