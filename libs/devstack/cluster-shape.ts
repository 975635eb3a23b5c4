import { TEMPORAL_SERVER_VERSION } from './temporal-server-build';

/**
 * The production shape, once: the services `npm run cluster` starts as processes and
 * docker-compose.yml runs as containers (test/deploy checks the compose file against this).
 */
export interface ClusterService {
  /** The compose service name; `npm run cluster` numbers scaled ones (worker-fast-1, …). */
  name: 'scheduler' | 'worker-fast' | 'worker-slow' | 'api-active' | 'api-passive';
  /** The compiled entry point and its arguments (`node <entry> …args`). */
  entry: string;
  args: string[];
  /** Variables with fixed values for this service, on top of CLUSTER_SHARED_VARIABLES. */
  env: Record<string, string>;
  kind: 'worker' | 'api';
}

/** Every service of ours gets these (values differ per deployment: URL, address, prefix). */
export const CLUSTER_SHARED_VARIABLES = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TASK_QUEUE_PREFIX',
  'LOG_LEVEL',
  'DB_POOL_SIZE',
] as const;
export type ClusterSharedVariable = (typeof CLUSTER_SHARED_VARIABLES)[number];

const WORKER = 'dist/apps/worker/main.js';
const API = 'dist/apps/api/main.js';

export const CLUSTER_SERVICES: readonly ClusterService[] = [
  {
    name: 'scheduler',
    entry: WORKER,
    args: ['--lanes', 'scheduler'],
    env: { WORKER_LANES: 'scheduler' },
    kind: 'worker',
  },
  { name: 'worker-fast', entry: WORKER, args: ['--lanes', 'fast'], env: { WORKER_LANES: 'fast' }, kind: 'worker' },
  { name: 'worker-slow', entry: WORKER, args: ['--lanes', 'slow'], env: { WORKER_LANES: 'slow' }, kind: 'worker' },
  { name: 'api-active', entry: API, args: [], env: {}, kind: 'api' },
  { name: 'api-passive', entry: API, args: [], env: {}, kind: 'api' },
];

/** The Temporal server both run: version, history shards by default, search attributes (libs/contract). */
export const CLUSTER_TEMPORAL = {
  version: TEMPORAL_SERVER_VERSION,
  historyShards: 16,
  shardsVariable: 'TEMPORAL_HISTORY_SHARDS',
} as const;
