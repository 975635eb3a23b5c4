import { Body, Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { InvalidDurationError, parseDurationSeconds } from '../../../libs/domain';
import { SCHEDULER_CONTROL } from '../api.tokens';
import { AdminOnly } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { badRequest, parseInput } from '../common/validation';
import { SchedulerRejectedError, type SchedulerControl } from '../../../libs/temporal';

const frequencyBody = z.strictObject({
  frequency: z.union([z.number(), z.string()], { message: 'must be seconds (a number) or a duration such as "15m"' }),
});

/** Scheduler controls (admin only): status, frequency (validated update), pause, resume. */
@ApiTags('scheduler')
@ApiBearerAuth()
@AdminOnly()
@Controller('scheduler')
export class SchedulerController {
  constructor(@Inject(SCHEDULER_CONTROL) private readonly scheduler: SchedulerControl) {}

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
      return ok(await this.scheduler.setFrequency(toSeconds(frequency)));
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

function toSeconds(frequency: number | string): number {
  let seconds: number;
  try {
    seconds = typeof frequency === 'number' ? frequency : parseDurationSeconds(frequency);
  } catch (error) {
    throw badRequest('frequency', error instanceof InvalidDurationError ? error.message : String(error));
  }
  if (!Number.isFinite(seconds) || seconds <= 0) throw badRequest('frequency', 'must be a positive duration');
  return seconds;
}
