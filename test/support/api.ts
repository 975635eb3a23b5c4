import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createLogger, loadConfig } from '../../libs/config';
import { createApiKey, type CreatedApiKey } from '../../libs/db';
import { LEADER_ELECTION } from '../../apps/api/api.tokens';
import { createApi } from '../../apps/api/create-api';
import type { LeaderElection } from '../../apps/api/health/leader-election';

export interface TestApi {
  app: INestApplication;
  url: string;
  adminKey: CreatedApiKey;
  /** A new key scoped to this account. */
  keyFor(accountId: string): Promise<CreatedApiKey>;
  /** fetch against the API with a bearer token; JSON bodies are sent as JSON. */
  request(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * The real API in-process on a free port, against the test file's database, active (holding
 * the leader lock) before it is returned. `env` overrides configuration (rate limits, Temporal).
 */
export async function startTestApi(
  pool: Pool,
  env: Record<string, string> = {},
  temporalClient?: Client,
  options: { waitUntilActive?: boolean } = {},
): Promise<TestApi> {
  const config = loadConfig({ API_RATE_LIMIT: '100000', API_KEY_CACHE_TTL: '0', TEMPORAL_ADDRESS: '127.0.0.1:1', ...env });
  const app = await createApi({ pool, config, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test-api'), temporalClient });
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
