import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../config';
import type { WorkerMetrics } from './worker-metrics';

export interface WorkerHealth {
  /** True while every worker of the process polls its task queue. */
  ok: boolean;
  workers: Array<{ taskQueue: string; state: string }>;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker process's HTTP endpoint for Prometheus and orchestrators:
 * `GET /metrics` — ours (prom-client) followed by the SDK's (core's exporter, fetched per scrape);
 * `GET /health` — 200 while every worker runs, 503 while starting, draining or failed.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  metrics: WorkerMetrics;
  sdkMetricsUrl?: string;
  health: () => WorkerHealth;
  log: Logger;
}): Promise<MetricsServer> {
  const sdkMetrics = async (): Promise<string> => {
    if (!options.sdkMetricsUrl) return '';
    try {
      const response = await fetch(options.sdkMetricsUrl, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? await response.text() : `# the SDK's metrics answered HTTP ${response.status}\n`;
    } catch (error) {
      // Ours still serve; the comment shows in the scrape why temporal_ series are missing.
      return `# the SDK's metrics at ${options.sdkMetricsUrl} did not answer: ${String(error)}\n`;
    }
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      Promise.all([options.metrics.registry.metrics(), sdkMetrics()]).then(
        ([ours, sdk]) => {
          response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          response.end(`${ours}\n${sdk}`);
        },
        (error: unknown) => {
          options.log.warn({ err: error }, 'worker metrics could not be collected for a scrape');
          response
            .writeHead(500, { 'content-type': 'text/plain' })
            .end('metrics collection failed; see the worker log\n');
        },
      );
      return;
    }
    if (path === '/health') {
      const health = options.health();
      response.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: health.ok ? 'ok' : 'unavailable', workers: health.workers }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics or /health\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
