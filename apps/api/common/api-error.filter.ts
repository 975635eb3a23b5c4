import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../../libs/config';
import { SchedulerNotRunningError, SchedulerRejectedError, TemporalUnavailableError } from '../../../libs/temporal';
import { errorEnvelope } from '../http/error-envelope';

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
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, message, field } = this.describe(exception, request);
    if (status >= 500) this.log.error({ err: exception, method: request.method, url: request.url }, 'request failed');
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorEnvelope(status, message, field));
  }

  private describe(exception: unknown, request: FastifyRequest): { status: number; message: string; field?: string } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 413) return { status, message: tooLarge(), field: 'body' };
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        const { message, field } = payload as { message?: unknown; field?: unknown };
        const text = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
        return { status, message: text, ...(typeof field === 'string' ? { field } : {}) };
      }
      return { status, message: String(payload) };
    }
    // Scheduler controls fail with typed errors (libs/temporal); their messages are for operators.
    if (exception instanceof SchedulerRejectedError) return { status: 400, message: exception.message };
    if (exception instanceof SchedulerNotRunningError) return { status: 404, message: exception.message };
    if (exception instanceof TemporalUnavailableError) return { status: 503, message: exception.message };
    const error = exception as { statusCode?: number; code?: string; message?: string };
    // The body parser's refusals (Fastify sets statusCode): malformed JSON, forbidden keys, too large.
    if (exception instanceof SyntaxError && error.statusCode === 400)
      return { status: 400, message: `body: not valid JSON (${error.message})`, field: 'body' };
    if (error?.statusCode === 413) return { status: 413, message: tooLarge(), field: 'body' };
    if (typeof error?.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return { status: error.statusCode, message: error.message ?? 'bad request' };
    }
    // PostgreSQL data exceptions (class 22) come from values we passed through: a client's input.
    if (typeof error?.code === 'string' && error.code.startsWith('22')) {
      this.log.warn(
        { err: exception, url: request.url },
        'PostgreSQL rejected a value from a request; add validation for it',
      );
      return { status: 400, message: `invalid value: ${error.message}` };
    }
    return { status: 500, message: 'internal error; the API log has the details' };
  }
}

function tooLarge(): string {
  return 'request body too large; split it (limit API_MAX_BODY_BYTES)';
}
