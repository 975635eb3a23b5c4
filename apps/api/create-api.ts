import 'reflect-metadata';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { projectRoot } from '../../libs/config';
import { AppModule, type ApiDeps } from './app.module';
import { LEADER_ELECTION, METRICS } from './api.tokens';
import { ApiErrorFilter } from './common/api-error.filter';
import type { LeaderElection } from './health/leader-election';
import { passiveGate } from './health/passive-gate.middleware';
import type { ApiMetrics } from './metrics/api-metrics';

/** Builds the NestJS application; the caller decides where it listens. */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const log = deps.log.child({ component: 'api' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...deps, log }), {
    bodyParser: false,
    logger: {
      log: (message: unknown) => log.debug(String(message)),
      error: (message: unknown, trace?: unknown) => log.error({ trace }, String(message)),
      warn: (message: unknown) => log.warn(String(message)),
      debug: (message: unknown) => log.debug(String(message)),
      verbose: (message: unknown) => log.trace(String(message)),
    },
  });
  // The dashboard: static files read at run time (no build step) and Chart.js from npm.
  app.useStaticAssets(path.join(projectRoot(), 'apps', 'api', 'dashboard', 'public'), { index: 'index.html' });
  app.useStaticAssets(path.join(projectRoot(), 'node_modules', 'chart.js', 'dist'), { prefix: '/assets/' });
  const limit = deps.config.api.maxBodyBytes;
  app.use(app.get<ApiMetrics>(METRICS).middleware(log));
  app.use(passiveGate(app.get<LeaderElection>(LEADER_ELECTION)));
  app.useBodyParser('json', { limit });
  app.useBodyParser('text', { limit, type: ['text/csv', 'application/x-ndjson', 'application/ndjson', 'text/plain'] });
  app.useGlobalFilters(new ApiErrorFilter(log));
  app.set('query parser', 'simple');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Security Insights API')
      .setDescription(
        'Insights of continuously scanned zones; bearer API keys (npm run cli -- keys create --admin or --account <account id>).',
      )
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
