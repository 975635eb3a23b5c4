import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '../../../libs/config';
import { SchedulerNotRunningError, SchedulerRejectedError, TemporalUnavailableError } from '../../../libs/temporal';

interface ErrorBody {
  success: false;
  errors: Array<{ code: number; message: string; field?: string }>;
  messages: [];
  result: null;
}

/**
 * Every error leaves as the Cloudflare-style envelope. Anything the client caused (bad JSON,
 * oversized body, a value PostgreSQL rejects) is a 4xx; only our own faults are a 500, and
 * those are logged with the stack.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { status, message, field } = this.describe(exception, request);
    if (status >= 500)
      this.log.error({ err: exception, method: request.method, url: request.originalUrl }, 'request failed');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const body: ErrorBody = {
      success: false,
      errors: [{ code: status, message, ...(field ? { field } : {}) }],
      messages: [],
      result: null,
    };
    response.status(status).json(body);
  }

  private describe(exception: unknown, request: Request): { status: number; message: string; field?: string } {
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        const { message, field } = payload as { message?: unknown; field?: unknown };
        const text = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
        return { status: exception.getStatus(), message: text, ...(typeof field === 'string' ? { field } : {}) };
      }
      return { status: exception.getStatus(), message: String(payload) };
    }
    // Scheduler controls fail with typed errors (libs/temporal); their messages are for operators.
    if (exception instanceof SchedulerRejectedError) return { status: 400, message: exception.message };
    if (exception instanceof SchedulerNotRunningError) return { status: 404, message: exception.message };
    if (exception instanceof TemporalUnavailableError) return { status: 503, message: exception.message };
    const error = exception as { type?: string; status?: number; code?: string; message?: string };
    if (error?.type === 'entity.too.large') {
      return { status: 413, message: `request body too large; split it (limit API_MAX_BODY_BYTES)` };
    }
    if (error?.type === 'entity.parse.failed')
      return { status: 400, message: `body: not valid JSON (${error.message})`, field: 'body' };
    if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      return { status: error.status, message: error.message ?? 'bad request' };
    }
    // PostgreSQL data exceptions (class 22) come from values we passed through: a client's input.
    if (typeof error?.code === 'string' && error.code.startsWith('22')) {
      this.log.warn(
        { err: exception, url: request.originalUrl },
        'PostgreSQL rejected a value from a request; add validation for it',
      );
      return { status: 400, message: `invalid value: ${error.message}` };
    }
    return { status: 500, message: 'internal error; the API log has the details' };
  }
}
