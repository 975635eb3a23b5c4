import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  advance(by: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr for long operations, shown only to a person at a terminal: with
 * --json, or when stderr is not a TTY (CI, pipes), it stays silent.
 */
export function startProgress(label: string, total: number, options: { json?: boolean } = {}): Progress {
  if (options.json || !process.stderr.isTTY) return { advance: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { advance: (by) => bar.increment(by), stop: () => bar.stop() };
}
