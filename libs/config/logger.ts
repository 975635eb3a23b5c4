import pino from 'pino';
import { serializeError } from './log-serializers';

export type Logger = pino.Logger;

/**
 * One structured JSON logger per process; components take children with their own name.
 * Errors logged as `err` or `error` are kept to type, code, message and a short stack.
 * `destination` is for tests that read the lines back.
 */
export function createLogger(level: string, name = 'security-insights', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { pid: process.pid },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
