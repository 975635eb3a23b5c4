import { ConfigError, StartupError } from '../config';

/** Exit codes of every command; `--help` texts list them. */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 3, startup: 4 } as const;

/**
 * A failure the command has explained in its message (what went wrong, what to do): printed as
 * one line, exit 1, no stack trace. Anything else that escapes is a bug and keeps its stack.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/**
 * Runs a process's main function. Configuration and start-up problems end with one line
 * that names the variable to change and a non-zero exit code, not a stack trace.
 */
export function runMain(name: string, main: () => Promise<number | void>): void {
  // A reader that has read enough (`| head`) closes the pipe: stop quietly, as Unix tools do,
  // instead of dying on an unhandled EPIPE with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      throw error;
    });
  }
  main().then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${name}: ${error.message}\n`);
        process.exit(EXIT.config);
      }
      if (error instanceof StartupError) {
        process.stderr.write(`${name}: cannot start: ${error.message}\n`);
        process.exit(EXIT.startup);
      }
      if (error instanceof CommandFailure) {
        process.stderr.write(`${name}: ${error.message}\n`);
        process.exit(EXIT.failure);
      }
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${name}: failed: ${message}\n`);
      process.exit(EXIT.failure);
    },
  );
}
