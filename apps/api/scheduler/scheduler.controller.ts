import { Controller, Get, Inject, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Config } from '../../../libs/config';
import type { Pool } from 'pg';
import type { SetFrequencyInput } from '../../../libs/contract';
import { listPlans } from '../../../libs/db';
import { InvalidFrequencyError, parseFrequency, parsePlanFrequencies } from '../../../libs/domain';
import { SchedulerRejectedError, type SchedulerControl } from '../../../libs/temporal';
import { APP_CONFIG, PG_POOL, SCHEDULER_CONTROL } from '../api.tokens';
import { AdminOnly } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { badRequest } from '../http/route-input.pipe';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { listPlansRoute } from '../accounts/account.schemas';
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
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get()
  @Route(schedulerStatusRoute)
  async status(
    @Input(schedulerStatusRoute) _input: RouteInput<typeof schedulerStatusRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof schedulerStatusRoute>>> {
    return ok(await this.scheduler.status());
  }

  @Get('plans')
  @Route(listPlansRoute)
  async plans(
    @Input(listPlansRoute) _input: RouteInput<typeof listPlansRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof listPlansRoute>>> {
    return ok(
      (await listPlans(this.pool)).map(({ name, frequencySeconds, priority }) => ({
        name,
        frequencySeconds,
        priority,
      })),
    );
  }

  @Put('frequency')
  @Route(setFrequencyRoute)
  async setFrequency(
    @Input(setFrequencyRoute) { body }: RouteInput<typeof setFrequencyRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof setFrequencyRoute>>> {
    const field = body.plans !== undefined ? 'plans' : 'frequency';
    let change: SetFrequencyInput;
    try {
      if (body.plans !== undefined && body.frequency !== undefined)
        throw new InvalidFrequencyError('give either frequency (every plan) or plans (per plan), not both');
      if (body.plans !== undefined) {
        const plans = parsePlanFrequencies(body.plans, this.config.scheduler);
        if (Object.keys(plans).length === 0) throw new InvalidFrequencyError('plans must name at least one plan');
        const known = (await listPlans(this.pool)).map((plan) => plan.name);
        for (const plan of Object.keys(plans))
          if (!known.includes(plan))
            throw new InvalidFrequencyError(`plan "${plan}" does not exist; known plans: ${known.join(', ')}`);
        change = { plans };
      } else change = { frequencySeconds: parseFrequency(body.frequency, this.config.scheduler) };
    } catch (error) {
      throw badRequest(field, error instanceof InvalidFrequencyError ? error.message : String(error));
    }
    try {
      return ok(await this.scheduler.setFrequency(change));
    } catch (error) {
      // The workflow's validator refused the value: say so about the field it came from.
      if (error instanceof SchedulerRejectedError) throw badRequest(field, error.message);
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
