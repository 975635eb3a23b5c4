import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import type { RouteSchema } from './route-schema';

/** A 400 that names the offending field and the reason, for the exception filter to render. */
export function badRequest(field: string, reason: string): BadRequestException {
  return new BadRequestException({ code: 'invalid_input', field, message: `${field}: ${reason}` });
}

const UNPAIRED_SURROGATE = /\p{Cs}/u;
// C0 controls other than tab, line feed and carriage return never belong in an API value.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Validates a request against its route's schema before the handler runs: path parameters,
 * query and body, each with its zod schema, the first problem a 400 naming its field. Before
 * that, every string of the path, the query and a JSON body is checked for text PostgreSQL
 * (or any sane client) cannot take: NUL and other control characters, unpaired surrogates.
 */
export class RouteInputPipe implements PipeTransform {
  constructor(private readonly schema: RouteSchema) {}

  transform(value: { params: unknown; query: unknown; body: unknown }) {
    checkText(value.params, '');
    checkText(value.query, '');
    // A text body (bulk import) is checked line by line by its parser, which keeps the good lines.
    if (typeof value.body !== 'string') checkText(value.body, '');
    if (this.schema.consumes && typeof value.body !== 'string')
      throw badRequest('content-type', `send the body as ${this.schema.consumes.join(' or ')}`);
    return {
      params: this.schema.params ? parse(this.schema.params, value.params, 'path') : undefined,
      // A route without query parameters refuses any, so a typo never passes silently.
      query: parse(this.schema.query ?? NO_PARAMETERS, value.query, 'query'),
      body: this.schema.body ? parse(this.schema.body, bodyOf(this.schema.body, value.body), 'body') : undefined,
    };
  }
}

const NO_PARAMETERS = z.strictObject({});

function bodyOf(schema: z.ZodType, body: unknown): unknown {
  // No body at all reads as an empty object, so the message names the missing field.
  return body === undefined && schema instanceof z.ZodObject ? {} : body;
}

function parse(schema: z.ZodType, input: unknown, where: 'path' | 'query' | 'body'): unknown {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') {
    const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : '';
    throw badRequest(
      issue.keys.join(','),
      `unknown ${where === 'query' ? 'parameter' : `${where} field`}; allowed: ${allowed || 'none'}`,
    );
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw badRequest(field, issue.message);
}

function checkText(value: unknown, path: string, depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw badRequest(path || 'input', 'contains a NUL character (\\u0000)');
    if (CONTROL.test(value)) throw badRequest(path || 'input', 'contains a control character');
    if (UNPAIRED_SURROGATE.test(value)) throw badRequest(path || 'input', 'contains an unpaired UTF-16 surrogate');
    return;
  }
  if (typeof value !== 'object' || value === null || depth > 32) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    // A repeated query parameter is an array: its values are named by the parameter alone.
    const name = Array.isArray(value) ? path : path ? `${path}.${key}` : key;
    checkText(key, name, depth + 1);
    checkText(child, name, depth + 1);
  }
}
