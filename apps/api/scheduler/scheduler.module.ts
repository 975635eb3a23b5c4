import { Module } from '@nestjs/common';
import { SchedulerController } from './scheduler.controller';

/** Scheduler controls; the gateway itself is provided once by the root module. */
@Module({ controllers: [SchedulerController] })
export class SchedulerModule {}
