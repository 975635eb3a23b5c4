import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Logger } from '../config';

export interface ManagedProcess {
  child: ChildProcess;
  /** The last lines the process printed, for error messages. */
  lastOutput(): string;
  /** Sends the stop signal and waits for the exit (SIGKILL after `killAfterMs`). */
  stop(): Promise<void>;
}

/**
 * Spawns a server process that dies with us: the stop signal on stop, SIGKILL if we exit
 * first. It runs in its own process group, so a terminal's Ctrl-C (sent to our whole group)
 * reaches only us, and we stop it last, after the workers and pools that still use it.
 */
export function startManagedProcess(
  command: string,
  args: string[],
  options: {
    log: Logger;
    component: string;
    stopSignal?: NodeJS.Signals;
    killAfterMs?: number;
    spawn?: Pick<SpawnOptions, 'uid' | 'gid' | 'env'>;
  },
): ManagedProcess {
  const child = spawn(command, args, { ...options.spawn, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.log.debug({ component: options.component }, line);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    child,
    lastOutput: () => tail.slice(-3).join(' | '),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(options.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
