import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  pauseSignal,
  resumeSignal,
  scanNowSignal,
  schedulerStatusQuery,
  setFrequencyUpdate,
  type SchedulerStatus,
} from '../../../workflows/definitions';

/**
 * The API's handle on the scheduler workflow. The Temporal client is obtained lazily and on
 * every failure re-obtained, so the API starts and serves insights while Temporal is down;
 * only these calls then answer 503, with a message saying what is unreachable.
 */
export class SchedulerGateway {
  constructor(
    private readonly connect: () => Promise<Client>,
    readonly workflowId: string,
    private readonly temporalAddress: string,
  ) {}

  status(): Promise<SchedulerStatus> {
    return this.call((handle) => handle.query(schedulerStatusQuery));
  }

  setFrequency(frequencySeconds: number): Promise<SchedulerStatus> {
    return this.call((handle) => handle.executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds }] }));
  }

  pause(): Promise<void> {
    return this.call((handle) => handle.signal(pauseSignal));
  }

  resume(): Promise<void> {
    return this.call((handle) => handle.signal(resumeSignal));
  }

  scanNow(zoneIds: string[]): Promise<void> {
    return this.call((handle) => handle.signal(scanNowSignal, { zoneIds }));
  }

  private async call<T>(action: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    let client: Client;
    try {
      client = await this.connect();
    } catch (error) {
      throw new ServiceUnavailableException(
        `Temporal at ${this.temporalAddress} is unreachable (${message(error)}); scheduler controls are unavailable, insights are still served. Check TEMPORAL_ADDRESS and the Temporal server.`,
      );
    }
    try {
      return await action(client.workflow.getHandle(this.workflowId));
    } catch (error) {
      throw translate(error, this.workflowId, this.temporalAddress);
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function translate(error: unknown, workflowId: string, address: string): Error {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    return new BadRequestException({ message: cause instanceof ApplicationFailure ? cause.message : message(cause ?? error), field: 'frequency' });
  }
  if (error instanceof ApplicationFailure) return new BadRequestException({ message: error.message, field: 'frequency' });
  if (error instanceof WorkflowNotFoundError) {
    return new NotFoundException(`the scheduler workflow ${workflowId} is not running; start a worker with the scheduler lane`);
  }
  return new ServiceUnavailableException(`Temporal at ${address} did not answer (${message(error)}); try again shortly`);
}
