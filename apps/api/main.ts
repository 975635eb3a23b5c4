import 'reflect-metadata';
import { createLogger, loadConfig } from '../../libs/config';
import { connectDatabase, openDatabase } from '../../libs/db';
import { assertPortFree, runMain } from '../../libs/runtime';
import { createApi } from './create-api';

/** The API as a process of its own (production); `npm start` runs it in-process instead. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'security-insights-api');
  await assertPortFree(config.api.port, 'API_PORT', 'the API', config.api.host);
  const database = await openDatabase(await connectDatabase(config, log), log, config.database.poolSize);
  const api = await createApi({ pool: database.pool, config, log });
  api.enableShutdownHooks();
  await api.listen(config.api.port, config.api.host);
  log.info({ url: await api.getUrl() }, 'API listening; it serves once it holds the leader lock (see /health/ready)');
}

runMain('security-insights-api', main);
