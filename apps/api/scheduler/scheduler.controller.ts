import { Body, Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Config } from '../../../libs/config';
import { InvalidFrequencyError, parseFrequency } from '../../../libs/domain';
import { APP_CONFIG, SCHEDULER_CONTROL } from '../api.tokens';
import { AdminOnly } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { badRequest, parseInput } from '../common/validation';
import { SchedulerRejectedError, type SchedulerControl } from '../../../libs/temporal';

const frequencyBody = z.strictObject({
  // parseFrequency checks the type, the grammar and the range, and says which rule failed.
  frequency: z.unknown().optional(),
});

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
  @ApiOperation({ summary: "The scheduler workflow's status query" })
  async status() {
    return ok(await this.scheduler.status());
  }

  @Put('frequency')
  @ApiOperation({
    summary: 'Change the scan frequency; the workflow validates it and a rejection answers 400 with its reason',
  })
  @ApiBody({ schema: { example: { frequency: '15m' } } })
  async setFrequency(@Body() body: unknown) {
    const { frequency } = parseInput(frequencyBody, body, 'body');
    try {
      return ok(await this.scheduler.setFrequency(toSeconds(frequency, this.config)));
    } catch (error) {
      // The workflow's validator refused the value: say so about the field it came from.
      if (error instanceof SchedulerRejectedError) throw badRequest('frequency', error.message);
      throw error;
    }
  }

  @Post('pause')
  @HttpCode(202)
  @ApiOperation({ summary: 'Pause scheduling (running scans finish)' })
  async pause() {
    await this.scheduler.pause();
    return ok({ signalled: 'pause' });
  }

  @Post('resume')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resume scheduling' })
  async resume() {
    await this.scheduler.resume();
    return ok({ signalled: 'resume' });
  }
}

function toSeconds(frequency: unknown, config: Readonly<Config>): number {
  try {
    return parseFrequency(frequency, config.scheduler);
  } catch (error) {
    throw badRequest('frequency', error instanceof InvalidFrequencyError ? error.message : String(error));
  }
}
