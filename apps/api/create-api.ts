import 'reflect-metadata';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectRoot, type Logger } from '../../libs/config';
import { AppModule, type ApiDeps } from './app.module';

/** Builds the NestJS application; the caller decides where it listens. */
export async function createApi(deps: ApiDeps & { log: Logger }): Promise<INestApplication> {
  const log = deps.log.child({ component: 'api' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(deps), {
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
  return app;
}
