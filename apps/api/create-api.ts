import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { projectRoot } from '../../libs/config';
import { AppModule, type ApiDeps } from './app.module';
import { LEADER_ELECTION, METRICS } from './api.tokens';
import { ApiErrorFilter } from './common/api-error.filter';
import type { LeaderElection } from './health/leader-election';
import { passiveGate } from './health/passive-gate.hook';
import { answerClientError, createHardenedServer } from './http/http-hardening';
import { setupOpenApi } from './http/openapi-document';
import type { ApiMetrics } from './metrics/api-metrics';

/** Bulk zone imports arrive as text; everything else as JSON. */
const TEXT_BODY_TYPES = ['text/csv', 'application/x-ndjson', 'application/ndjson', 'text/plain'];

/**
 * The dashboard runs only its own files: no inline script or style, no other origin, no
 * framing. Its pages fetch the API on the same origin; `/docs` (Swagger UI, inline code) is
 * not served from here, so it keeps its own rules.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * @fastify/static 9 hands setHeaders the Fastify reply, while Nest's option type still says a
 * raw response (`setHeader`): whichever it is, the headers are set.
 */
function dashboardHeaders(response: object, filePath: string): void {
  const target = response as {
    header?: (n: string, v: string) => unknown;
    setHeader?: (n: string, v: string) => unknown;
  };
  const set = (name: string, value: string) =>
    target.header ? target.header(name, value) : target.setHeader?.(name, value);
  set('X-Content-Type-Options', 'nosniff');
  if (filePath.endsWith('.html')) {
    set('Content-Security-Policy', DASHBOARD_CSP);
    set('Referrer-Policy', 'no-referrer');
  }
}

/**
 * Builds the NestJS application on Fastify (measured faster than Express on `bench api`; see
 * README); the caller decides where it listens.
 */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const log = deps.log.child({ component: 'api' });
  const limit = deps.config.api.maxBodyBytes;
  const hardening = {
    maxBodyBytes: limit,
    headersTimeoutMs: deps.config.api.headersTimeoutMs,
    requestTimeoutMs: deps.config.api.requestTimeoutMs,
    keepAliveTimeoutMs: deps.config.api.keepAliveTimeoutMs,
  };
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) =>
      createHardenedServer(handler, hardening),
    bodyLimit: limit,
    // Ids longer than this are refused by our validation with a field name, not by the router.
    routerOptions: { maxParamLength: 1000 },
    keepAliveTimeout: deps.config.api.keepAliveTimeoutMs,
    requestTimeout: deps.config.api.requestTimeoutMs,
    clientErrorHandler: answerClientError,
    // JSON with __proto__ or constructor.prototype keys is refused (400), never merged.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ ...deps, log }), adapter, {
    bodyParser: false,
    logger: {
      log: (message: unknown) => log.debug(String(message)),
      error: (message: unknown, trace?: unknown) => log.error({ trace }, String(message)),
      warn: (message: unknown) => log.warn(String(message)),
      debug: (message: unknown) => log.debug(String(message)),
      verbose: (message: unknown) => log.trace(String(message)),
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: limit },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  fastify.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'string', bodyLimit: limit }, (_request, body, done) =>
    done(null, body),
  );
  fastify.addHook('onRequest', passiveGate(app.get<LeaderElection>(LEADER_ELECTION)));
  app.get<ApiMetrics>(METRICS).observe(fastify, log);
  // The dashboard: static files read at run time (no build step) and Chart.js from npm.
  app.useStaticAssets({
    root: path.join(projectRoot(), 'apps', 'api', 'dashboard', 'public'),
    prefix: '/',
    index: 'index.html',
    setHeaders: dashboardHeaders,
  });
  app.useStaticAssets({
    root: path.join(projectRoot(), 'node_modules', 'chart.js', 'dist'),
    prefix: '/assets/',
    decorateReply: false,
  });
  app.useGlobalFilters(new ApiErrorFilter(log));
  setupOpenApi(app);
  return app;
}
