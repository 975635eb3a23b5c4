import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CpuWindow, cpuSecondsByPid } from '../../apps/bench/shared/process-cpu';

/**
 * A real process that spins until it has used `cpuMs` of CPU and exits (or forever without a
 * limit): CPU time, not wall time, so a loaded machine only makes it slower, never shorter.
 */
function spinningProcess(cpuMs?: number) {
  const limit = cpuMs === undefined ? 'Infinity' : String(cpuMs * 1000);
  const script = `for (;;) { const u = process.cpuUsage(); if (u.user + u.system >= ${limit}) break; }`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

const cpuOf = (pid: number) => cpuSecondsByPid([pid]).get(pid) ?? 0;

describe('CpuWindow (bench CPU accounting)', () => {
  it('when a process ends inside the window, then the CPU it used up to its last sample still counts', async () => {
    const child = spinningProcess(300);
    const pid = child.pid as number;
    const window = new CpuWindow(() => [pid], 20);
    window.start();
    await once(child, 'exit');
    // Gone: a snapshot at the end of the window no longer sees it, and would count nothing.
    expect(cpuSecondsByPid([pid]).size).toBe(0);
    // It used 0.3 s; a sample may miss what it used after the last one before it exited (a
    // 20-ms interval, longer only on a starved box), so the bound leaves room for that.
    expect(window.stop()).toBeGreaterThan(0.1);
  });

  it('when a process was busy before the window, then what it used before the window does not count', async () => {
    const child = spinningProcess();
    const pid = child.pid as number;
    try {
      while (cpuOf(pid) < 0.2) await new Promise((resolve) => setTimeout(resolve, 20));
      const window = new CpuWindow(() => [pid], 20);
      window.start();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const used = window.stop();
      const total = cpuOf(pid);
      expect(used).toBeGreaterThanOrEqual(0);
      expect(total - used).toBeGreaterThanOrEqual(0.2);
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });
});
