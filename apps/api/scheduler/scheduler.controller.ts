import { Controller, Get, Inject, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Config } from '../../../libs/config';
import { InvalidFrequencyError, parseFrequency } from '../../../libs/domain';
import { SchedulerRejectedError, type SchedulerControl } from '../../../libs/temporal';
import { APP_CONFIG, SCHEDULER_CONTROL } from '../api.tokens';
import { AdminOnly } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { badRequest } from '../http/route-input.pipe';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { pauseRoute, resumeRoute, schedulerStatusRoute, setFrequencyRoute } from './scheduler.schemas';

/** Scheduler controls (admin only): status, frequency (validated update), pause, resume. */
@ApiTags('scheduler')
@ApiBearerAuth()
@AdminOnly()
@Controller('scheduler')
export class SchedulerController {
  constructor(
    @Inject(SCHEDULER_CONTROL) private readonly scheduler: SchedulerControl,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
  ) {}

  @Get()
  @Route(schedulerStatusRoute)
  async status(
    @Input(schedulerStatusRoute) _input: RouteInput<typeof schedulerStatusRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof schedulerStatusRoute>>> {
    return ok(await this.scheduler.status());
  }

  @Put('frequency')
  @Route(setFrequencyRoute)
  async setFrequency(
    @Input(setFrequencyRoute) { body }: RouteInput<typeof setFrequencyRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof setFrequencyRoute>>> {
    let seconds: number;
    try {
      seconds = parseFrequency(body.frequency, this.config.scheduler);
    } catch (error) {
      throw badRequest('frequency', error instanceof InvalidFrequencyError ? error.message : String(error));
    }
    try {
      return ok(await this.scheduler.setFrequency(seconds));
    } catch (error) {
      // The workflow's validator refused the value: say so about the field it came from.
      if (error instanceof SchedulerRejectedError) throw badRequest('frequency', error.message);
      throw error;
    }
  }

  @Post('pause')
  @Route(pauseRoute)
  async pause(
    @Input(pauseRoute) _input: RouteInput<typeof pauseRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof pauseRoute>>> {
    await this.scheduler.pause();
    return ok({ signalled: 'pause' });
  }

  @Post('resume')
  @Route(resumeRoute)
  async resume(
    @Input(resumeRoute) _input: RouteInput<typeof resumeRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof resumeRoute>>> {
    await this.scheduler.resume();
    return ok({ signalled: 'resume' });
  }
}
