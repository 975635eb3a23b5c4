import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/**
 * Logs of the code under test (the SDK's, the workers' pino lines) are kept here, not
 * printed: tests of expected failures make the SDK warn a lot. A failing test prints what was
 * kept since it started (test-logs.setup.ts), so a passing run reads as passing and a failing
 * one keeps its evidence. Tests may also assert on `bufferedLogs()`.
 */
const MAX_LINES = 5000;
let lines: string[] = [];

export function bufferLogLine(line: string): void {
  if (lines.length < MAX_LINES) lines.push(line);
  else if (lines.length === MAX_LINES) lines.push(`… further log lines dropped (more than ${MAX_LINES})`);
}

/** The lines kept since the current test started. */
export function bufferedLogs(): readonly string[] {
  return lines;
}

/** Empties the buffer and returns what it held. */
export function takeBufferedLogs(): string[] {
  const taken = lines;
  lines = [];
  return taken;
}

/** A pino destination that keeps each JSON line. */
export const testLogStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line !== '') bufferLogLine(line);
    done();
  },
});

/** The SDK's Runtime logger for tests: its entries (and core's, when forwarded) go to the buffer. */
export function createSdkTestLogger(): DefaultLogger {
  return new DefaultLogger('WARN', (entry: LogEntry) => {
    const meta =
      entry.meta && Object.keys(entry.meta).length > 0
        ? ` ${inspect(entry.meta, { depth: 3, breakLength: Infinity })}`
        : '';
    bufferLogLine(`[${entry.level}] ${entry.message}${meta}`);
  });
}
