import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from '../config';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger (its own lines and, forwarded, core's) writing through our pino
 * logger: one JSON line each, with the same base fields as ours plus the SDK's metadata
 * (sdkComponent, taskQueue, workflowId, activityType…). `error` metadata goes through our
 * error serializer.
 */
export function pinoSdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'temporal-sdk' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta ?? {})) {
      // Core's forwarded entries carry their own timestamp in `timestamp`; pino writes `time`.
      if (key !== 'timestamp') fields[key === 'error' || key === 'failure' ? 'err' : key] = value;
    }
    child[LEVELS[level]](fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
