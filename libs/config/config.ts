import type { LanePolicy } from '../domain';
import { configSchema } from './config.schema';

/** The whole configuration, read once from the environment. */
export interface Config {
  logLevel: string;
  dataDir: string;
  database: { url?: string; name: string; poolSize: number; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    cliPath?: string;
    port: number;
    uiPort: number;
    startupTimeoutSeconds: number;
  };
  taskQueuePrefix: string;
  workerLanes: Array<'scheduler' | 'fast' | 'slow'>;
  /** Budgets and promotion of the fast and slow lanes, and each lane worker's slots. */
  lanes: {
    policy: LanePolicy;
    fast: LaneSlots;
    slow: LaneSlots;
  };
  api: { host: string; port: number };
  scheduler: { frequencySeconds: number; tickSeconds: number };
  demoZones: number;
  synthetic: { seed: string; minLatencyMs: number; maxLatencyMs: number };
}

/** Concurrency of one lane's worker: concurrent checks and concurrent workflow tasks. */
export interface LaneSlots {
  activities: number;
  workflowTasks: number;
}

/** Thrown when environment variables are missing or malformed; each problem names its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Parses and freezes the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        const value = env[variable];
        const shown = variable === 'DATABASE_URL' || value === undefined ? '' : `=${JSON.stringify(value)}`;
        return `${variable}${shown} ${issue.message}`;
      }),
    );
  }
  const raw = parsed.data;
  if (raw.SYNTHETIC_MIN_LATENCY_MS > raw.SYNTHETIC_MAX_LATENCY_MS) {
    throw new ConfigError([
      `SYNTHETIC_MIN_LATENCY_MS (${raw.SYNTHETIC_MIN_LATENCY_MS}) is above SYNTHETIC_MAX_LATENCY_MS (${raw.SYNTHETIC_MAX_LATENCY_MS})`,
    ]);
  }
  if (raw.FAST_LANE_BUDGET >= raw.SLOW_LANE_BUDGET) {
    throw new ConfigError([
      `FAST_LANE_BUDGET (${raw.FAST_LANE_BUDGET}s) must be shorter than SLOW_LANE_BUDGET (${raw.SLOW_LANE_BUDGET}s): an overrun fast check re-runs on slow`,
    ]);
  }
  return deepFreeze<Config>({
    logLevel: raw.LOG_LEVEL,
    dataDir: raw.DATA_DIR,
    database: { url: raw.DATABASE_URL, name: raw.DATABASE_NAME, poolSize: raw.DB_POOL_SIZE, embeddedPort: raw.EMBEDDED_PG_PORT },
    temporal: {
      address: raw.TEMPORAL_ADDRESS,
      namespace: raw.TEMPORAL_NAMESPACE,
      cliPath: raw.TEMPORAL_CLI_PATH,
      port: raw.TEMPORAL_PORT,
      uiPort: raw.TEMPORAL_UI_PORT,
      startupTimeoutSeconds: raw.TEMPORAL_STARTUP_TIMEOUT,
    },
    taskQueuePrefix: raw.TASK_QUEUE_PREFIX,
    workerLanes: raw.WORKER_LANES,
    lanes: {
      policy: {
        fastBudgetMs: Math.round(raw.FAST_LANE_BUDGET * 1000),
        slowBudgetMs: Math.round(raw.SLOW_LANE_BUDGET * 1000),
        promoteAfter: raw.LANE_PROMOTE_AFTER,
      },
      fast: { activities: raw.FAST_LANE_CONCURRENCY, workflowTasks: raw.FAST_LANE_WORKFLOW_TASKS },
      slow: { activities: raw.SLOW_LANE_CONCURRENCY, workflowTasks: raw.SLOW_LANE_WORKFLOW_TASKS },
    },
    api: { host: raw.API_HOST, port: raw.API_PORT },
    scheduler: { frequencySeconds: raw.SCAN_FREQUENCY, tickSeconds: raw.SCHEDULER_TICK },
    demoZones: raw.DEMO_ZONES,
    synthetic: { seed: raw.SYNTHETIC_SEED, minLatencyMs: raw.SYNTHETIC_MIN_LATENCY_MS, maxLatencyMs: raw.SYNTHETIC_MAX_LATENCY_MS },
  });
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
