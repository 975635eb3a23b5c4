import type { DnsServer, NetLimits } from '../net';
import { eagerFastLaneWorkflowTasks, FAST_LANE_WORKFLOW_TASKS_DEFAULT, type LanePolicy } from '../domain';
import { configSchema, type RawConfig } from './config.schema';
import type { CheckerId } from './net-config.schema';

/** The whole configuration, read once from the environment. */
export interface Config {
  logLevel: string;
  dataDir: string;
  database: {
    url?: string;
    name: string;
    poolSize: number;
    embeddedPort: number;
    /** Where the development stack looks for a local server when DATABASE_URL is unset; undefined: it does not. */
    localUrl?: string;
  };
  temporal: {
    address?: string;
    namespace: string;
    cliPath?: string;
    port: number;
    uiPort: number;
    startupTimeoutSeconds: number;
    /** Where operators open the Temporal UI; the dashboard links runs there. */
    uiUrl?: string;
    /** History shards of a new Temporal cluster (npm run cluster, docker compose). */
    historyShards: number;
  };
  taskQueuePrefix: string;
  workerLanes: Array<'scheduler' | 'fast' | 'slow'>;
  /** Budgets and promotion of the fast and slow lanes, and each lane worker's slots. */
  lanes: {
    policy: LanePolicy;
    fast: LaneSlots;
    slow: LaneSlots;
  };
  api: {
    host: string;
    port: number;
    /** Requests per minute per API key. */
    rateLimitPerMinute: number;
    maxBodyBytes: number;
    /** An instance refuses the active role while its database round trip exceeds this. */
    leaderMaxRttSeconds: number;
    /** How long a resolved API key is trusted without asking the database (revocation delay). */
    keyCacheSeconds: number;
    /** Hostile-client bounds of the HTTP server: whole headers, whole request, idle keep-alive. */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  scheduler: {
    frequencySeconds: number;
    tickSeconds: number;
    /** The range `setFrequency` accepts. */
    minFrequencySeconds: number;
    maxFrequencySeconds: number;
    /** A backlog drains at no more than this multiple of the rate. */
    catchUpFactor: number;
    /** Zones per second the scheduler never exceeds, whatever the frequency asks for. */
    maxRatePerSecond: number;
    /** Backpressure: no claims while this many scans are in flight (0: no cap). */
    maxInFlight: number;
    /** SCAN_FREQUENCY_MODE: how a scheduler started from this config picks each plan's frequency. */
    frequencyMode: 'uniform' | 'plans';
    /** SCHEDULER_EAGER_START: scans whose lane this process serves start eagerly (counted in the worker metrics). */
    eagerStart: boolean;
    /** SCHEDULER_CLAIM_PARTITIONS: claim activities per tick, each over a disjoint slice of the zones. */
    claimPartitions: number;
    /** SCHEDULER_ADAPTIVE_IN_FLIGHT and SCHEDULER_TARGET_LATENCY: the cap follows the scans' start → persisted p50. */
    adaptiveInFlight: boolean;
    targetLatencySeconds: number;
  };
  demoZones: number;
  synthetic: { seed: string; minLatencyMs: number; maxLatencyMs: number; slowFraction: number; slowLatencyMs: number };
  /** Which checkers each scan runs, and how the real ones reach the network. */
  checks: {
    scanCheckers: CheckerId[];
    /** Empty: the system's resolvers (/etc/resolv.conf). */
    dnsServers: DnsServer[];
    dns: { timeoutMs: number; maxAnswers: number; maxCnameChain: number };
    allowlist: string[];
    limits: NetLimits;
    httpPort: number;
    httpsPort: number;
    expiryWarningDays: number;
  };
  /** The insight writer: UNNEST below `copyThreshold` findings, COPY at or above; group commit bounds. */
  persist: { copyThreshold: number; groupMaxRows: number; groupMaxWaitMs: number };
  /** Notifications: grouping window, digest hour, retries, pausing, secrets, links, SMTP. */
  notify: {
    windowSeconds: number;
    digestHourUtc: number;
    maxEventsPerDelivery: number;
    maxAttempts: number;
    initialRetrySeconds: number;
    maxRetrySeconds: number;
    attemptTimeoutSeconds: number;
    pauseAfterFailures: number;
    secretOverlapSeconds: number;
    /** Base of the links in notifications; the API's own address unless NOTIFY_LINK_BASE_URL says otherwise. */
    linkBaseUrl: string;
    emailFrom: string;
    /** Unset: email is logged, not sent (npm start offline). */
    smtpUrl?: string;
  };
  /** Worker processes: the metrics/health endpoint (port 0: none) and how long shutdown lets running checks finish. */
  worker: {
    metricsHost: string;
    metricsPort: number;
    shutdownGraceSeconds: number;
    /**
     * Worker versioning: the Temporal Worker Deployment this worker belongs to (unset: versioning
     * off) and its build id (unset: the prebuilt workflow bundle's hash, chosen at start-up).
     */
    deploymentName?: string;
    buildId?: string;
  };
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
  if (raw.SCAN_FREQUENCY_MIN > raw.SCAN_FREQUENCY_MAX) {
    throw new ConfigError([
      `SCAN_FREQUENCY_MIN (${raw.SCAN_FREQUENCY_MIN} s) is above SCAN_FREQUENCY_MAX (${raw.SCAN_FREQUENCY_MAX} s)`,
    ]);
  }
  if (raw.SCAN_FREQUENCY < raw.SCAN_FREQUENCY_MIN || raw.SCAN_FREQUENCY > raw.SCAN_FREQUENCY_MAX) {
    throw new ConfigError([
      `SCAN_FREQUENCY (${raw.SCAN_FREQUENCY} s) is outside SCAN_FREQUENCY_MIN..SCAN_FREQUENCY_MAX (${raw.SCAN_FREQUENCY_MIN}..${raw.SCAN_FREQUENCY_MAX} s)`,
    ]);
  }
  if (raw.FAST_LANE_BUDGET >= raw.SLOW_LANE_BUDGET) {
    throw new ConfigError([
      `FAST_LANE_BUDGET (${raw.FAST_LANE_BUDGET}s) must be shorter than SLOW_LANE_BUDGET (${raw.SLOW_LANE_BUDGET}s): an overrun fast check re-runs on slow`,
    ]);
  }
  if (raw.WORKER_BUILD_ID !== undefined && raw.WORKER_DEPLOYMENT_NAME === undefined) {
    throw new ConfigError([
      `WORKER_BUILD_ID=${JSON.stringify(raw.WORKER_BUILD_ID)} is set but WORKER_DEPLOYMENT_NAME is not: worker versioning is off without a deployment name; set WORKER_DEPLOYMENT_NAME too, or unset WORKER_BUILD_ID`,
    ]);
  }
  return deepFreeze<Config>({
    logLevel: raw.LOG_LEVEL,
    dataDir: raw.DATA_DIR,
    database: {
      url: raw.DATABASE_URL,
      name: raw.DATABASE_NAME,
      poolSize: raw.DB_POOL_SIZE,
      embeddedPort: raw.EMBEDDED_PG_PORT,
      localUrl: raw.LOCAL_DATABASE_URL === 'off' ? undefined : raw.LOCAL_DATABASE_URL,
    },
    temporal: {
      address: raw.TEMPORAL_ADDRESS,
      namespace: raw.TEMPORAL_NAMESPACE,
      cliPath: raw.TEMPORAL_CLI_PATH,
      port: raw.TEMPORAL_PORT,
      uiPort: raw.TEMPORAL_UI_PORT,
      historyShards: raw.TEMPORAL_HISTORY_SHARDS,
      startupTimeoutSeconds: raw.TEMPORAL_STARTUP_TIMEOUT,
      uiUrl: raw.TEMPORAL_UI_URL,
    },
    taskQueuePrefix: raw.TASK_QUEUE_PREFIX,
    workerLanes: raw.WORKER_LANES,
    lanes: {
      policy: {
        fastBudgetMs: Math.round(raw.FAST_LANE_BUDGET * 1000),
        slowBudgetMs: Math.round(raw.SLOW_LANE_BUDGET * 1000),
        promoteAfter: raw.LANE_PROMOTE_AFTER,
        fastLocalActivities: raw.FAST_LANE_LOCAL_ACTIVITIES,
        fastFused: raw.FAST_LANE_FUSED,
      },
      fast: { activities: raw.FAST_LANE_CONCURRENCY, workflowTasks: fastLaneWorkflowTasks(raw) },
      slow: { activities: raw.SLOW_LANE_CONCURRENCY, workflowTasks: raw.SLOW_LANE_WORKFLOW_TASKS },
    },
    api: {
      host: raw.API_HOST,
      port: raw.API_PORT,
      rateLimitPerMinute: raw.API_RATE_LIMIT,
      maxBodyBytes: raw.API_MAX_BODY_BYTES,
      leaderMaxRttSeconds: raw.API_LEADER_MAX_RTT,
      keyCacheSeconds: raw.API_KEY_CACHE_TTL,
      headersTimeoutMs: Math.round(raw.API_HEADERS_TIMEOUT * 1000),
      requestTimeoutMs: Math.round(raw.API_REQUEST_TIMEOUT * 1000),
      keepAliveTimeoutMs: Math.round(raw.API_KEEP_ALIVE_TIMEOUT * 1000),
    },
    scheduler: {
      frequencySeconds: raw.SCAN_FREQUENCY,
      tickSeconds: raw.SCHEDULER_TICK,
      minFrequencySeconds: raw.SCAN_FREQUENCY_MIN,
      maxFrequencySeconds: raw.SCAN_FREQUENCY_MAX,
      catchUpFactor: raw.SCHEDULER_CATCH_UP_FACTOR,
      maxRatePerSecond: raw.SCHEDULER_MAX_RATE,
      maxInFlight: raw.SCHEDULER_MAX_IN_FLIGHT,
      frequencyMode: raw.SCAN_FREQUENCY_MODE,
      eagerStart: raw.SCHEDULER_EAGER_START,
      claimPartitions: raw.SCHEDULER_CLAIM_PARTITIONS,
      adaptiveInFlight: raw.SCHEDULER_ADAPTIVE_IN_FLIGHT,
      targetLatencySeconds: raw.SCHEDULER_TARGET_LATENCY,
    },
    demoZones: raw.DEMO_ZONES,
    synthetic: {
      seed: raw.SYNTHETIC_SEED,
      minLatencyMs: raw.SYNTHETIC_MIN_LATENCY_MS,
      maxLatencyMs: raw.SYNTHETIC_MAX_LATENCY_MS,
      slowFraction: raw.SYNTHETIC_SLOW_PERCENT / 100,
      slowLatencyMs: raw.SYNTHETIC_SLOW_LATENCY_MS,
    },
    checks: {
      scanCheckers: raw.SCAN_CHECKERS,
      dnsServers: raw.DNS_SERVERS,
      dns: { timeoutMs: raw.DNS_TIMEOUT_MS, maxAnswers: raw.DNS_MAX_ANSWERS, maxCnameChain: raw.DNS_MAX_CNAME_CHAIN },
      allowlist: raw.NET_ALLOWLIST,
      limits: {
        connectTimeoutMs: raw.NET_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: raw.NET_REQUEST_TIMEOUT_MS,
        maxHeaderBytes: raw.NET_MAX_HEADER_BYTES,
        maxBodyBytes: raw.NET_MAX_BODY_BYTES,
        maxRedirects: raw.NET_MAX_REDIRECTS,
      },
      httpPort: raw.CHECK_HTTP_PORT,
      httpsPort: raw.CHECK_HTTPS_PORT,
      expiryWarningDays: raw.TLS_EXPIRY_WARNING_DAYS,
    },
    persist: {
      copyThreshold: raw.PERSIST_COPY_THRESHOLD,
      groupMaxRows: raw.PERSIST_GROUP_MAX_ROWS,
      groupMaxWaitMs: Math.round(raw.PERSIST_GROUP_MAX_WAIT * 1000),
    },
    notify: {
      windowSeconds: raw.NOTIFY_WINDOW,
      digestHourUtc: raw.NOTIFY_DIGEST_HOUR,
      maxEventsPerDelivery: raw.NOTIFY_MAX_EVENTS_PER_DELIVERY,
      maxAttempts: raw.NOTIFY_MAX_ATTEMPTS,
      initialRetrySeconds: raw.NOTIFY_RETRY_INITIAL,
      maxRetrySeconds: raw.NOTIFY_RETRY_MAX,
      attemptTimeoutSeconds: raw.NOTIFY_ATTEMPT_TIMEOUT,
      pauseAfterFailures: raw.NOTIFY_PAUSE_AFTER,
      secretOverlapSeconds: raw.NOTIFY_SECRET_OVERLAP,
      linkBaseUrl: raw.NOTIFY_LINK_BASE_URL ?? `http://${raw.API_HOST}:${raw.API_PORT}`,
      emailFrom: raw.NOTIFY_EMAIL_FROM,
      smtpUrl: raw.SMTP_URL,
    },
    worker: {
      metricsHost: raw.WORKER_METRICS_HOST,
      metricsPort: raw.WORKER_METRICS_PORT,
      shutdownGraceSeconds: raw.WORKER_SHUTDOWN_GRACE,
      deploymentName: raw.WORKER_DEPLOYMENT_NAME,
      buildId: raw.WORKER_BUILD_ID,
    },
  });
}

/**
 * FAST_LANE_WORKFLOW_TASKS, or when unset: with eager start, a slot per scan one claim partition
 * may have in flight, so eager starts do not fall back for want of a slot; else the default.
 */
function fastLaneWorkflowTasks(raw: RawConfig): number {
  if (raw.FAST_LANE_WORKFLOW_TASKS !== undefined) return raw.FAST_LANE_WORKFLOW_TASKS;
  return raw.SCHEDULER_EAGER_START
    ? eagerFastLaneWorkflowTasks(raw.SCHEDULER_MAX_IN_FLIGHT, raw.SCHEDULER_CLAIM_PARTITIONS)
    : FAST_LANE_WORKFLOW_TASKS_DEFAULT;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
