import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from '../../libs/config';
import { AppModule, type ApiDeps } from './app.module';

/** Builds the NestJS application; the caller decides where it listens. */
export async function createApi(deps: ApiDeps & { log: Logger }): Promise<INestApplication> {
  const log = deps.log.child({ component: 'api' });
  const app = await NestFactory.create(AppModule.register(deps), {
    logger: {
      log: (message: unknown) => log.debug(String(message)),
      error: (message: unknown, trace?: unknown) => log.error({ trace }, String(message)),
      warn: (message: unknown) => log.warn(String(message)),
      debug: (message: unknown) => log.debug(String(message)),
      verbose: (message: unknown) => log.trace(String(message)),
    },
  });
  return app;
}
