/**
 * What an error becomes in a log line: its type, code, message, a short stack and a few
 * primitive fields that say what failed (errno, syscall, address, PostgreSQL's detail …),
 * never the objects errors drag along (a pg client with its sockets and type tables, an
 * HTTP request). Every text is cut, so one line stays readable whatever was thrown.
 */
export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: LoggedError | string;
  [field: string]: unknown;
}

const MAX_TEXT = 500;
const STACK_LINES = 6;
const MAX_CAUSE_DEPTH = 3;

/** Primitive fields worth keeping: network (errno, syscall, address, port), PostgreSQL (severity, detail, hint, table, column, constraint, routine), HTTP (status, statusCode), Temporal failures (failure type, retry state). */
const SAFE_FIELDS = [
  'errno',
  'syscall',
  'address',
  'port',
  'hostname',
  'severity',
  'detail',
  'hint',
  'table',
  'column',
  'constraint',
  'routine',
  'status',
  'statusCode',
  'retryState',
  'nonRetryable',
  'workflowId',
  'activityType',
] as const;

function cut(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** The bounded form of anything thrown; used as pino's `err` and `error` serializer. */
export function serializeError(value: unknown, depth = 0): LoggedError | string {
  if (!(value instanceof Error)) {
    if (typeof value === 'object' && value !== null && 'message' in value) {
      return { type: 'Object', message: cut(String((value as { message: unknown }).message)) };
    }
    return cut(String(value));
  }
  const error = value as Error & Record<string, unknown>;
  const logged: LoggedError = {
    type: error.name || error.constructor?.name || 'Error',
    message: cut(error.message ?? ''),
  };
  const code = error.code;
  if (typeof code === 'string' || typeof code === 'number')
    logged.code = typeof code === 'string' ? cut(code, 100) : code;
  // Temporal's ApplicationFailure carries its stable error type apart from the class name.
  if (typeof error.type === 'string' && error.type !== logged.type) logged.failureType = cut(error.type, 100);
  for (const field of SAFE_FIELDS) {
    const fieldValue = error[field];
    if (typeof fieldValue === 'string') logged[field] = cut(fieldValue, 200);
    else if (typeof fieldValue === 'number' || typeof fieldValue === 'boolean') logged[field] = fieldValue;
  }
  if (typeof error.stack === 'string')
    logged.stack = cut(error.stack.split('\n').slice(0, STACK_LINES).join('\n'), 1500);
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) logged.cause = serializeError(error.cause, depth + 1);
  return logged;
}
