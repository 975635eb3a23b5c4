import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by each process, by pid. */
export function cpuSecondsByPid(pids: number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      // Fields after the command name, which may contain spaces, follow the last ')'.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // The process ended: its CPU time is gone with it.
    }
  }
  return seconds;
}

/**
 * CPU seconds used over a window by the processes `pids()` names, sampled every `intervalMs`
 * from `start()` to `stop()`: a process that ends inside the window keeps what it used up to its
 * last sample (two snapshots would lose it whole: a PostgreSQL backend whose pooled connection
 * closed, say); one that starts inside it counts from zero.
 */
export class CpuWindow {
  private readonly atStart = new Map<number, number>();
  private readonly latest = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pids: () => number[],
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.record(true);
    this.timer = setInterval(() => this.record(false), this.intervalMs);
    this.timer.unref();
  }

  /** Ends the window; the CPU seconds its processes used in it. */
  stop(): number {
    clearInterval(this.timer);
    this.record(false);
    let total = 0;
    for (const [pid, seconds] of this.latest) total += seconds - (this.atStart.get(pid) ?? 0);
    return total;
  }

  private record(first: boolean): void {
    for (const [pid, seconds] of cpuSecondsByPid(this.pids())) {
      if (!this.atStart.has(pid)) this.atStart.set(pid, first ? seconds : 0);
      this.latest.set(pid, seconds);
    }
  }
}

/** Pids of processes whose command line contains `needle`. */
export function pidsMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // raced with an exiting process
    }
  }
  return pids;
}
