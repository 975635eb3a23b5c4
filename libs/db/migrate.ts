import path from 'node:path';
import { runner } from 'node-pg-migrate';
import { projectRoot, type Logger } from '../config';

/** Applies every pending migration from libs/db/migrations; safe to run concurrently (locked). */
export async function migrate(databaseUrl: string, log: Logger): Promise<void> {
  const applied = await runner({
    databaseUrl,
    dir: path.join(projectRoot(), 'libs', 'db', 'migrations'),
    migrationsTable: 'schema_migrations',
    direction: 'up',
    count: Infinity,
    checkOrder: true,
    log: (message: string) => log.debug({ component: 'migrate' }, message),
  });
  if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, 'database schema migrated');
}
