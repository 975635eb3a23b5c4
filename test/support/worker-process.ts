import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The compiled worker entry point (the global set-up builds dist/). */
export const WORKER_MAIN = path.join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'main.js');

export interface WorkerProcess {
  child: ChildProcess;
  /** Every line the process wrote so far (stdout and stderr: pino JSON lines, crash text). */
  lines(): string[];
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string | null>;
}

/** Starts `npm run worker`'s process (apps/worker) with `env` only (plus PATH and HOME). */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  return { child, lines: () => output.split('\n').filter(Boolean), exited };
}

/** The pino JSON lines among `lines` (others, such as a crash's text, are skipped). */
export function jsonLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** Metric family names in a Prometheus text exposition (from its samples, suffixes kept). */
export function sampleNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{|\s)/.exec(line);
    if (match) names.add(match[1] as string);
  }
  return names;
}
