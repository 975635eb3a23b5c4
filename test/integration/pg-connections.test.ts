import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { createClient, createPool } from '../../libs/db';
import { useTestDatabase } from '../support/test-database';

describe('PostgreSQL connections of ours', () => {
  const db = useTestDatabase();

  it('when end() resolves, then none of its connections is still open, so stopping the server at once logs nothing', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const applicationName = `pool-end-${process.pid}`;
    const pool = createPool(db.url, 6, createLogger('debug', 'pool-end-test', sink), applicationName);
    let closed = 0;
    pool.on('connect', (client) => client.once('end', () => closed++));
    // Six connections at once, all returned idle to the pool.
    const clients = await Promise.all(Array.from({ length: 6 }, () => pool.connect()));
    for (const client of clients) client.release();
    expect(pool.idleCount).toBe(6);

    await pool.end();
    // Read at once: pg-pool's own end() resolved while the six sockets were still closing.
    const closedWhenEnded = closed;
    // What a server stop does to whatever is still connected (the embedded PostgreSQL on Ctrl-C).
    const cut = await db.pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(closedWhenEnded).toBe(6);
    expect(cut.rowCount).toBe(0);
    expect(lines.join('')).not.toContain('idle PostgreSQL connection failed');
  });

  it('when end() is called with a callback, as pg allows, then the callback runs once the connections are closed', async () => {
    const applicationName = `pool-end-cb-${process.pid}`;
    const pool = createPool(db.url, 2, createLogger('silent'), applicationName);
    await pool.query('SELECT 1');
    await new Promise<void>((resolve) => pool.end(() => resolve()));
    const open = await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    expect(open.rowCount).toBe(0);
  });

  it('when the server cuts a single connection while it is idle, then the process survives and the next query fails with the reason', async () => {
    const applicationName = `client-cut-${process.pid}`;
    const client = createClient({ connectionString: db.url, application_name: applicationName });
    await client.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    await db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]);
    // Without a listener, pg's 'error' event here would end the whole test process.
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat|Connection terminated/i);
    await client.end().catch(() => undefined);
  });

  it('when the server cuts a pooled connection that is checked out and idle, then the process survives and the holder’s next query fails', async () => {
    const applicationName = `pool-held-${process.pid}`;
    const pool = createPool(db.url, 2, createLogger('silent'), applicationName);
    const held = await pool.connect();
    const ended = new Promise((resolve) => held.once('end', resolve));
    await db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]);
    // Without our listener, pg's 'error' event here would end the whole test process.
    await ended;
    await expect(held.query('SELECT 1')).rejects.toThrow(/not queryable|terminat/i);
    held.release(true);
    await pool.end();
  });
});
