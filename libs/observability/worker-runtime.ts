import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger } from '../config';
import { freePort } from '../runtime';
import { pinoSdkLogger } from './sdk-logger';

/** Core's log level for each of our levels: core is chatty below WARN. */
function coreLevel(level: string): 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' {
  if (level === 'debug' || level === 'trace') return 'DEBUG';
  if (level === 'error' || level === 'fatal' || level === 'silent') return 'ERROR';
  return 'WARN';
}

/**
 * Installs the SDK's Runtime of a worker process (once per process, as the SDK requires): SDK
 * and core logs through pino, and the SDK's Prometheus metrics (task latencies, slots, polls)
 * served by core on a loopback port of its own, which our metrics server merges into its
 * /metrics. Returns that port's URL, or undefined when metrics are off.
 */
export async function installWorkerRuntime(options: {
  log: Logger;
  metrics: boolean;
  /** Empty when the process handles SIGINT/SIGTERM itself (npm start). */
  shutdownSignals?: NodeJS.Signals[];
}): Promise<string | undefined> {
  const sdkPort = options.metrics ? await freePort() : undefined;
  Runtime.install({
    logger: pinoSdkLogger(options.log),
    ...(options.shutdownSignals ? { shutdownSignals: options.shutdownSignals } : {}),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: coreLevel(options.log.level) }), forward: {} },
      ...(sdkPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkPort}` } } } : {}),
    },
  });
  return sdkPort ? `http://127.0.0.1:${sdkPort}/metrics` : undefined;
}
