/** What the e2e bench measured over its window, before the arithmetic (see `e2eFigures`). */
export interface E2eWindow {
  windowSeconds: number;
  /** Scans persisted in the window. */
  scans: number;
  /** CPU seconds each process group used in the window (temporal_server, postgres, worker_1 …). */
  cpuSeconds: Record<string, number>;
  /** Scans the workers' ticks started in the window, and of those the eagerly started ones. */
  started: number;
  eagerStarted: number;
}

export interface E2eFigures {
  scansPerSecond: number;
  /** Eagerly started / started (null when no scan started: nothing to divide). */
  eagerRatio: number | null;
  /** CPU cores each process group used on average over the window. */
  cores: Record<string, number>;
  /** CPU milliseconds per persisted scan, per process group and `total` (null without scans). */
  cpuMsPerScan: Record<string, number | null>;
}

/** The bench's derived figures; pure, so the arithmetic is tested without a run. */
export function e2eFigures(window: E2eWindow): E2eFigures {
  const seconds = window.windowSeconds > 0 ? window.windowSeconds : Number.NaN;
  const total = Object.values(window.cpuSeconds).reduce((sum, value) => sum + value, 0);
  const perScan = (cpu: number) => (window.scans > 0 ? round((cpu * 1000) / window.scans, 2) : null);
  return {
    scansPerSecond: round(window.scans / seconds, 1),
    eagerRatio: window.started > 0 ? round(window.eagerStarted / window.started, 3) : null,
    cores: Object.fromEntries(Object.entries(window.cpuSeconds).map(([name, cpu]) => [name, round(cpu / seconds, 2)])),
    cpuMsPerScan: {
      ...Object.fromEntries(Object.entries(window.cpuSeconds).map(([name, cpu]) => [name, perScan(cpu)])),
      total: perScan(total),
    },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
