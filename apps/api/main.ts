import 'reflect-metadata';
import { createLogger, dataDirPath, loadConfig } from '../../libs/config';
import { createPool, migrate, provisionDatabase } from '../../libs/db';
import { assertPortFree } from '../../libs/devstack/ports';
import { runMain } from '../shared/run-main';
import { createApi } from './create-api';

/** The API as a process of its own (production); `npm start` runs it in-process instead. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'security-insights-api');
  await assertPortFree(config.api.port, 'API_PORT', 'the API', config.api.host);
  const database = await provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) });
  await migrate(database.url, log);
  const pool = createPool(database.url, config.database.poolSize, log);
  const api = await createApi({ pool, config, log });
  api.enableShutdownHooks();
  await api.listen(config.api.port, config.api.host);
  log.info({ url: await api.getUrl() }, 'API listening; it serves once it holds the leader lock (see /health/ready)');
}

runMain('security-insights-api', main);
