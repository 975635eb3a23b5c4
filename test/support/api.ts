import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createLogger, loadConfig } from '../../libs/config';
import { createApiKey, type CreatedApiKey } from '../../libs/db';
import { LEADER_ELECTION } from '../../apps/api/api.tokens';
import { createApi } from '../../apps/api/create-api';
import type { LeaderElection } from '../../apps/api/health/leader-election';
import { resolveDeferred, useSuiteResource, type Deferred } from './suite-resource';
import type { TestDatabaseHandle } from './test-database';

export interface TestApi {
  app: INestApplication;
  url: string;
  adminKey: CreatedApiKey;
  /** A new key scoped to this account. */
  keyFor(accountId: string): Promise<CreatedApiKey>;
  /** fetch against the API with a bearer token; JSON bodies are sent as JSON. */
  request(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface TestApiOptions {
  /** Configuration overrides (rate limits, Temporal address and task-queue prefix). */
  env?: Record<string, string>;
  /** The client the scheduler routes use; without one they cannot reach Temporal. */
  temporalClient?: Client;
  /** Return only once the instance holds the leader lock (default true). */
  waitUntilActive?: boolean;
}

/**
 * The real API in-process on a free port, against the test file's database, active (holding
 * the leader lock) before it is returned unless told otherwise.
 */
export async function startTestApi(pool: Pool, options: TestApiOptions = {}): Promise<TestApi> {
  const { env = {}, temporalClient } = options;
  const config = loadConfig({
    API_RATE_LIMIT: '100000',
    API_KEY_CACHE_TTL: '0',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    ...env,
  });
  const app = await createApi({
    pool,
    config,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test-api'),
    temporalClient,
  });
  await app.listen(0, '127.0.0.1');
  if (options.waitUntilActive ?? true) await app.get<LeaderElection>(LEADER_ELECTION).waitUntilActive();
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const adminKey = await createApiKey(pool, null, 'test admin');
  return {
    app,
    url,
    adminKey,
    keyFor: (accountId) => createApiKey(pool, accountId, 'test account key'),
    async request(token, method, path, body, headers = {}) {
      const isText = typeof body === 'string';
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => app.close(),
  };
}

/**
 * The calling suite's API (the file's, at its top level) on `db`: started before its first
 * test, closed after its last, before the database is dropped. Options that name something
 * set up earlier in the suite (a worker's prefix or client) are given as a function.
 */
export function useTestApi(db: TestDatabaseHandle, options: Deferred<TestApiOptions> = {}): Omit<TestApi, 'close'> {
  const current = useSuiteResource(
    'the test API',
    () => startTestApi(db.pool, resolveDeferred(options)),
    (api) => api.close(),
  );
  return {
    get app() {
      return current().app;
    },
    get url() {
      return current().url;
    },
    get adminKey() {
      return current().adminKey;
    },
    keyFor: (accountId) => current().keyFor(accountId),
    request: (...args) => current().request(...args),
  };
}
