import pino from 'pino';

export type Logger = pino.Logger;

/** One structured JSON logger per process; components take children with their own name. */
export function createLogger(level: string, name = 'security-insights'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
