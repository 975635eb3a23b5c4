import { applyDecorators, createParamDecorator, HttpCode, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { RouteInputPipe } from './route-input.pipe';
import { errorEnvelopeSchema, successEnvelope } from './schema-fields';
import { openApiSchema } from './zod-openapi';

type Shape = z.ZodObject;

/**
 * One route's contract, in one place: what it reads (path, query, body), what it answers, and
 * which errors it may give. The same schemas validate the request (RouteInputPipe), type the
 * handler, and produce the route's OpenAPI document.
 */
export interface RouteSchema<
  P extends Shape | undefined = Shape | undefined,
  Q extends Shape | undefined = Shape | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Media types of a body that is not JSON (bulk imports); the body arrives as text. */
  consumes?: string[];
  /** The `result` of the success envelope (or the whole answer when `envelope` is false). */
  result: R;
  /** The envelope's `result_info`, on paged answers. */
  resultInfo?: z.ZodType;
  /** The answer is not wrapped in the envelope (health probes, streamed exports). */
  envelope?: false;
  /** The success status; 200 unless said otherwise. */
  status?: 200 | 201 | 202;
  /** Media type of the success answer when it is not JSON (exports). */
  produces?: string[];
  /** Error statuses this route may answer besides the ones every route may (400, 401, 413, 429, 503). */
  errors?: number[];
}

/** Declares a route's schema; the identity, kept for type inference. */
export function defineRoute<
  P extends Shape | undefined = undefined,
  Q extends Shape | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(schema: RouteSchema<P, Q, B, R>): RouteSchema<P, Q, B, R> {
  return schema;
}

type Out<T> = [T] extends [z.ZodType] ? z.output<T> : undefined;

/** What a handler receives: the validated, typed path parameters, query and body. */
export interface RouteInput<S extends RouteSchema> {
  params: Out<Exclude<S['params'], undefined>>;
  query: Out<Exclude<S['query'], undefined>>;
  body: Out<Exclude<S['body'], undefined>>;
}

/** What a handler returns: the route's result type (in the envelope unless `envelope` is false). */
export type RouteResult<S extends RouteSchema> = z.input<S['result']>;

export const ROUTE_SCHEMA = 'si:route-schema';

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input: errors[0].field names the parameter, errors[0].message the rule',
  401: 'missing, unknown or revoked API key',
  403: 'the route needs an admin key',
  404: 'not found (also: another account’s resource)',
  409: 'conflict with the resource’s state; the message says why',
  413: 'request body over API_MAX_BODY_BYTES',
  415: 'unsupported body media type',
  429: 'rate limit of the key exceeded (Retry-After)',
  503: 'passive instance, or Temporal unreachable (scheduler routes)',
};
const COMMON_ERRORS = [400, 401, 413, 429, 503];

/** Applies a route schema: its OpenAPI operation, parameters, body and answers, and its success status. */
export function Route(schema: RouteSchema): MethodDecorator {
  const decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator> = [
    SetMetadata(ROUTE_SCHEMA, schema),
    ApiOperation({ summary: schema.summary }),
  ];
  for (const [name, field] of Object.entries(schema.params?.shape ?? {}))
    decorators.push(ApiParam({ name, required: true, schema: openApiSchema(field as z.ZodType, 'input') }));
  for (const [name, field] of Object.entries(schema.query?.shape ?? {})) {
    const json = openApiSchema(field as z.ZodType, 'input');
    decorators.push(
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: json,
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
      }),
    );
  }
  if (schema.body) {
    if (schema.consumes) {
      decorators.push(ApiConsumes(...schema.consumes));
      decorators.push(ApiBody({ schema: openApiSchema(schema.body, 'input') }));
    } else {
      decorators.push(ApiBody({ schema: openApiSchema(schema.body, 'input') }));
    }
  }
  const status = schema.status ?? 200;
  decorators.push(HttpCode(status));
  const answer = schema.envelope === false ? schema.result : successEnvelope(schema.result, schema.resultInfo);
  decorators.push(
    schema.produces
      ? ApiResponse({
          status,
          description: 'success',
          content: Object.fromEntries(schema.produces.map((type) => [type, { schema: { type: 'string' } }])),
        })
      : ApiResponse({ status, description: 'success', schema: openApiSchema(answer, 'output') }),
  );
  for (const code of [...new Set([...COMMON_ERRORS, ...(schema.errors ?? [])])].sort())
    decorators.push(
      ApiResponse({
        status: code,
        description: ERROR_TEXT[code] ?? 'error',
        schema: openApiSchema(errorEnvelopeSchema, 'output'),
      }),
    );
  return applyDecorators(...decorators) as MethodDecorator;
}

/** The raw request parts a route reads; RouteInputPipe validates them against the route's schema. */
const RawInput = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
  return { params: request.params ?? {}, query: request.query ?? {}, body: request.body };
});

/** The handler's validated input (`@Input(schema) input: RouteInput<typeof schema>`). */
export function Input(schema: RouteSchema): ParameterDecorator {
  return RawInput(new RouteInputPipe(schema));
}
