import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { isUuid } from '../../../libs/domain';

/** A 400 that names the offending field and the reason, for the exception filter to render. */
export function badRequest(field: string, reason: string): BadRequestException {
  return new BadRequestException({ code: 'invalid_input', field, message: `${field}: ${reason}` });
}

/** Parses request input with a zod schema; the first problem becomes a 400 naming its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') {
    throw badRequest(
      issue.keys.join(','),
      `unknown ${where} field; allowed: ${Object.keys(shapeOf(schema)).join(', ')}`,
    );
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw badRequest(field, issue.message);
}

function shapeOf(schema: z.ZodType): Record<string, unknown> {
  return schema instanceof z.ZodObject ? schema.shape : {};
}

/** A path parameter that must be a UUID. */
export function uuidParam(name: string, value: string): string {
  if (!isUuid(value)) {
    throw badRequest(name, `must be a UUID, got "${value.slice(0, 60)}"`);
  }
  return value.toLowerCase();
}

/** A path parameter that must be a positive bigint id. */
export function idParam(name: string, value: string): string {
  if (!/^[1-9]\d{0,18}$/.test(value) || BigInt(value) > 9223372036854775807n) {
    throw badRequest(name, `must be a positive whole number, got "${value.slice(0, 60)}"`);
  }
  return value;
}
