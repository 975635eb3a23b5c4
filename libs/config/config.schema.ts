import { z } from 'zod';
import {
  FAST_LANE_WORKFLOW_TASKS_MAX,
  formatDuration,
  InvalidDurationError,
  LANES,
  MAX_CLAIM_PARTITIONS,
  parseDurationSeconds,
} from '../domain';
import { checkerList, cidrList, dnsServerList } from './net-config.schema';

/**
 * A reader of optional numeric variables of one written form, checked explicitly: text that
 * does not match (`"abc"`, `"1.5"` for a whole number) is an error, never NaN; "" means unset.
 */
function boundedNumber(form: RegExp, formName: string) {
  return <Default extends number | undefined>(defaultValue: Default, min: number, max: number) =>
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw.trim() === '') return defaultValue;
        if (!form.test(raw.trim())) {
          ctx.addIssue({ code: 'custom', message: `"${raw}" is not ${formName}` });
          return z.NEVER;
        }
        const value: number = Number(raw);
        if (value < min || value > max) {
          ctx.addIssue({ code: 'custom', message: `${value} is outside ${min}..${max}` });
          return z.NEVER;
        }
        return value;
      });
}

const integer = boundedNumber(/^-?\d+$/, 'a whole number');
const decimal = boundedNumber(/^\d+(?:\.\d+)?$/, 'a number such as 1.5');

/** Reads a duration such as `30s` or `1h` (the strict grammar of libs/domain/duration.ts) into seconds, within bounds. */
function duration(defaultValue: string, minSeconds: number, maxSeconds: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw === undefined || raw.trim() === '' ? defaultValue : raw.trim();
      try {
        const seconds = parseDurationSeconds(text);
        if (!(seconds >= minSeconds && seconds <= maxSeconds)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${text}" is outside ${formatDuration(minSeconds)}..${formatDuration(maxSeconds)}`,
          });
          return z.NEVER;
        }
        return seconds;
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof InvalidDurationError ? error.message : String(error),
        });
        return z.NEVER;
      }
    });
}

function optionalText() {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? undefined : raw.trim()));
}

const databaseUrl = optionalText().superRefine((raw, ctx) => {
  if (raw === undefined) return;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL; expected postgres://user:password@host:5432/database' });
    return;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    ctx.addIssue({ code: 'custom', message: `has scheme "${url.protocol}"; expected postgres://` });
  } else if (!url.hostname || url.pathname.length <= 1) {
    ctx.addIssue({ code: 'custom', message: 'needs a host and a database name: postgres://user@host:5432/database' });
  }
});

const hostPort = optionalText().superRefine((raw, ctx) => {
  if (raw === undefined) return;
  const match = /^([A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not host:port (for example 127.0.0.1:7233)` });
  }
});

const lanesList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const parts = (raw ?? 'scheduler,fast,slow')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const allowed = ['scheduler', ...LANES];
    const unknown = parts.filter((part) => !allowed.includes(part));
    if (unknown.length > 0 || parts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown lane(s) "${unknown.join(',')}"; choose from ${allowed.join(',')}`,
      });
      return z.NEVER;
    }
    return [...new Set(parts)] as Array<'scheduler' | 'fast' | 'slow'>;
  });

/** Every environment variable the system reads; `.env.example` documents each one. */
export const configSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: databaseUrl,
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier')
    .default('security_insights'),
  DB_POOL_SIZE: integer(10, 1, 500),
  EMBEDDED_PG_PORT: integer(54329, 1, 65535),
  LOCAL_DATABASE_URL: z
    .string()
    .default('postgres://postgres@127.0.0.1:5432/postgres')
    .refine((raw) => raw === 'off' || /^postgres(ql)?:\/\/[^/]+\/\w+/.test(raw), {
      message: 'must be off or a postgres:// URL of a server and its maintenance database',
    }),
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_CLI_PATH: optionalText(),
  TEMPORAL_PORT: integer(7233, 1, 65535),
  TEMPORAL_UI_PORT: integer(8233, 1, 65535),
  TEMPORAL_STARTUP_TIMEOUT: duration('180s', 1, 3600),
  TEMPORAL_UI_URL: optionalText(),
  TEMPORAL_HISTORY_SHARDS: integer(16, 1, 16384),
  TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')
    .default('security-insights'),
  WORKER_LANES: lanesList,
  FAST_LANE_BUDGET: duration('2s', 0.1, 600),
  SLOW_LANE_BUDGET: duration('5m', 1, 86400),
  LANE_PROMOTE_AFTER: integer(3, 1, 1000),
  FAST_LANE_LOCAL_ACTIVITIES: z
    .enum(['true', 'false', ''], { message: 'must be true or false' })
    .optional()
    // On unless turned off: measured by bench e2e (see README), the fast lane's throughput nearly doubles.
    .transform((raw) => raw !== 'false'),
  // One local activity for a fast scan's checks and persist (needs FAST_LANE_LOCAL_ACTIVITIES).
  // On unless turned off: bench e2e, same runs, worker CPU per scan −21 %, scans/s +13 %.
  FAST_LANE_FUSED: z
    .enum(['true', 'false', ''], { message: 'must be true or false' })
    .optional()
    .transform((raw) => raw !== 'false'),
  FAST_LANE_CONCURRENCY: integer(50, 1, 10_000),
  SLOW_LANE_CONCURRENCY: integer(100, 1, 10_000),
  // The SDK needs at least two workflow task slots per worker (one per poller kind). Unset: sized
  // for eager start from SCHEDULER_MAX_IN_FLIGHT (see eagerFastLaneWorkflowTasks), else 20.
  FAST_LANE_WORKFLOW_TASKS: integer(undefined, 2, FAST_LANE_WORKFLOW_TASKS_MAX),
  SLOW_LANE_WORKFLOW_TASKS: integer(10, 2, 1000),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: integer(3000, 0, 65535),
  API_RATE_LIMIT: integer(600, 1, 1_000_000),
  API_MAX_BODY_BYTES: integer(10_000_000, 1024, 1_000_000_000),
  API_LEADER_MAX_RTT: duration('250ms', 0, 60),
  API_KEY_CACHE_TTL: duration('5s', 0, 3600),
  API_HEADERS_TIMEOUT: duration('10s', 0.1, 600),
  API_REQUEST_TIMEOUT: duration('30s', 0.1, 3600),
  API_KEEP_ALIVE_TIMEOUT: duration('5s', 0.1, 600),
  SCAN_FREQUENCY: duration('15m', 10, 365 * 86400),
  SCHEDULER_TICK: duration('5s', 0.1, 3600),
  SCAN_FREQUENCY_MIN: duration('10s', 1, 365 * 86400),
  SCAN_FREQUENCY_MAX: duration('30d', 1, 365 * 86400),
  SCHEDULER_CATCH_UP_FACTOR: decimal(1.2, 1, 10),
  SCHEDULER_MAX_RATE: decimal(100, 0.01, 1_000_000),
  // Twice SCHEDULER_MAX_RATE × SCHEDULER_TICK at their defaults: the cap never limits a tick's claim
  // at those settings, yet a stalled pipeline stops the claims within two ticks.
  SCHEDULER_MAX_IN_FLIGHT: integer(1000, 0, 1_000_000),
  // uniform: every plan at SCAN_FREQUENCY (as before plans); plans: each plan at its stored frequency.
  SCAN_FREQUENCY_MODE: z.enum(['uniform', 'plans'], { message: 'must be uniform or plans' }).default('uniform'),
  // Scans start eagerly (their first workflow task handed straight to this process's lane worker,
  // no trip through matching) when the scheduler lane and the scan's lane run in one process.
  // On unless turned off: bench e2e, same runs, 1.9× the scans/s at half the CPU per scan. The runs
  // that once persisted nearly nothing were a starved box, with or without eager start (README).
  SCHEDULER_EAGER_START: z
    .enum(['true', 'false', ''], { message: 'must be true or false' })
    .optional()
    .transform((raw) => raw !== 'false'),
  // Claim activities per tick, each over a disjoint slice of the zones (hash of the zone id):
  // spreads the claims and the eager starts over the worker processes of the scheduler lane.
  SCHEDULER_CLAIM_PARTITIONS: integer(1, 1, MAX_CLAIM_PARTITIONS),
  // The in-flight cap follows the scans' start → persisted p50 (AIMD), within SCHEDULER_MAX_IN_FLIGHT.
  SCHEDULER_ADAPTIVE_IN_FLIGHT: z
    .enum(['true', 'false', ''], { message: 'must be true or false' })
    .optional()
    .transform((raw) => raw === 'true'),
  SCHEDULER_TARGET_LATENCY: duration('1s', 0.05, 3600),
  DEMO_ZONES: integer(1000, 0, 1_000_000),
  SYNTHETIC_SEED: z.string().min(1).default('demo'),
  SYNTHETIC_MIN_LATENCY_MS: integer(5, 0, 600_000),
  SYNTHETIC_MAX_LATENCY_MS: integer(50, 0, 600_000),
  SYNTHETIC_SLOW_PERCENT: integer(0, 0, 100),
  SYNTHETIC_SLOW_LATENCY_MS: integer(10_000, 0, 3_600_000),
  SCAN_CHECKERS: checkerList,
  DNS_SERVERS: dnsServerList,
  DNS_TIMEOUT_MS: integer(2_000, 50, 60_000),
  DNS_MAX_ANSWERS: integer(50, 1, 1_000),
  DNS_MAX_CNAME_CHAIN: integer(8, 1, 32),
  NET_ALLOWLIST: cidrList,
  NET_CONNECT_TIMEOUT_MS: integer(5_000, 50, 120_000),
  NET_REQUEST_TIMEOUT_MS: integer(10_000, 100, 600_000),
  NET_MAX_HEADER_BYTES: integer(32_768, 1_024, 1_048_576),
  NET_MAX_BODY_BYTES: integer(65_536, 0, 10_485_760),
  NET_MAX_REDIRECTS: integer(5, 0, 20),
  CHECK_HTTP_PORT: integer(80, 1, 65535),
  CHECK_HTTPS_PORT: integer(443, 1, 65535),
  TLS_EXPIRY_WARNING_DAYS: integer(14, 1, 365),
  PERSIST_COPY_THRESHOLD: integer(1000, 0, 10_000_000),
  PERSIST_GROUP_MAX_ROWS: integer(5000, 1, 1_000_000),
  PERSIST_GROUP_MAX_WAIT: duration('10ms', 0, 10),
  NOTIFY_WINDOW: duration('5s', 0.1, 3600),
  NOTIFY_DIGEST_HOUR: integer(8, 0, 23),
  NOTIFY_MAX_EVENTS_PER_DELIVERY: integer(500, 1, 10_000),
  NOTIFY_MAX_ATTEMPTS: integer(16, 1, 100),
  NOTIFY_RETRY_INITIAL: duration('5s', 0.1, 3600),
  NOTIFY_RETRY_MAX: duration('1h', 0.1, 86400),
  NOTIFY_ATTEMPT_TIMEOUT: duration('30s', 1, 3600),
  NOTIFY_PAUSE_AFTER: integer(3, 1, 1000),
  NOTIFY_SECRET_OVERLAP: duration('24h', 0, 30 * 86400),
  NOTIFY_LINK_BASE_URL: optionalText().superRefine((raw, ctx) => {
    if (raw !== undefined && !/^https?:\/\/\S+$/.test(raw))
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL, the API as receivers reach it' });
  }),
  NOTIFY_EMAIL_FROM: z.string().min(3).default('security-insights@localhost'),
  SMTP_URL: optionalText().superRefine((raw, ctx) => {
    if (raw !== undefined && !/^smtps?:\/\/[^\s/]+/.test(raw))
      ctx.addIssue({
        code: 'custom',
        message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
      });
  }),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // 9464: the port OpenTelemetry's Prometheus exporter uses by convention. 0: no metrics endpoint.
  WORKER_METRICS_PORT: integer(9464, 0, 65535),
  WORKER_SHUTDOWN_GRACE: duration('30s', 0, 3600),
  // Worker versioning (Temporal Worker Deployments): on when a deployment name is set.
  WORKER_DEPLOYMENT_NAME: optionalText().superRefine((raw, ctx) => {
    if (raw !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(raw))
      ctx.addIssue({
        code: 'custom',
        message:
          'must be 1-63 letters, digits, "-" or "_" starting with a letter or digit (Temporal forbids "." and ":" in it)',
      });
  }),
  WORKER_BUILD_ID: optionalText().superRefine((raw, ctx) => {
    if (raw !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._+-]{0,62}$/.test(raw))
      ctx.addIssue({
        code: 'custom',
        message:
          'must be 1-63 letters, digits, ".", "_", "+" or "-" starting with a letter or digit, such as 2024.12.1 or a git hash',
      });
  }),
});

export type RawConfig = z.output<typeof configSchema>;
