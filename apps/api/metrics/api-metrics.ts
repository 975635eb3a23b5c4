import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../../libs/config';
import type { LeaderElection } from '../health/leader-election';

/**
 * Prometheus metrics of one API instance, in a registry of its own (tests run several apps in
 * one process): request latency by route, database pool usage, leader state.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;

  constructor(pool: Pool, leader: LeaderElection) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'API request latency by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const poolGauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    poolGauge('db_pool_connections_total', 'connections open in the pool', () => pool.totalCount);
    poolGauge('db_pool_connections_idle', 'idle connections in the pool', () => pool.idleCount);
    poolGauge('db_pool_requests_waiting', 'queries waiting for a pool connection', () => pool.waitingCount);
    new Gauge({
      name: 'api_leader_active',
      help: '1 when this instance holds the leader lock and serves, 0 when passive',
      registers: [this.registry],
      collect() {
        this.set(leader.isActive() ? 1 : 0);
      },
    });
  }

  /** Times every request (a Fastify onResponse hook) and writes one structured log line for it. */
  observe(fastify: FastifyInstance, log: Logger): void {
    const logRequests = log.isLevelEnabled('info');
    fastify.addHook('onResponse', async (request, reply) => {
      const seconds = reply.elapsedTime / 1000;
      const template = request.routeOptions.url;
      // The static files' catch-all answers every unknown path: one label for both.
      const route = template === undefined || template === '/*' ? 'unmatched' : template;
      this.requests.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
      if (!logRequests) return;
      const principal = (request as unknown as { principal?: { keyId: string } }).principal;
      log.info(
        {
          method: request.method,
          route,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(seconds * 10000) / 10,
          keyId: principal?.keyId,
        },
        'request',
      );
    });
  }
}
