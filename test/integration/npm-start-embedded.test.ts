import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../libs/runtime';
import { eventually } from '../support/temporal';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'apps', 'dev', 'main.js');

function processesMatching(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(text) && !line.includes('ps -eo'));
}

describe('npm start on a machine without PostgreSQL (the embedded server)', () => {
  it('when a terminal sends Ctrl-C to the whole process group, then the embedded PostgreSQL stops last, "Stopped." is printed, the exit is clean and no process is left', async () => {
    const [apiPort, temporalPort, uiPort, pgPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'si-embedded-start-'));
    // A process group of its own, as a shell gives a foreground job: the signal goes to all of it.
    const child = spawn(process.execPath, [MAIN], {
      detached: true,
      env: {
        ...process.env,
        DATABASE_URL: '',
        LOCAL_DATABASE_URL: 'off',
        EMBEDDED_PG_PORT: String(pgPort),
        DATA_DIR: dataDir,
        API_PORT: String(apiPort),
        WORKER_METRICS_PORT: '0',
        TEMPORAL_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        DEMO_ZONES: '20',
        SCAN_FREQUENCY: '30s',
        SCHEDULER_TICK: '1s',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await eventually(
        async () => (output.includes('Security Insights is running.') ? true : undefined),
        150_000,
        () => `start-up; output so far:\n${output}`,
      );
      expect(output).toMatch(
        /PostgreSQL\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/security_insights \(embedded\)/,
      );
      // Scans write to the embedded server while the signal arrives.
      await eventually(async () => (/scans\/min fast [1-9]/.test(output) ? true : undefined), 60_000, 'a first scan');
    } finally {
      process.kill(-(child.pid as number), 'SIGINT');
      // Waited for here too, so a failing test still lets npm start stop what it started.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    }
    expect(await exited).toBe(0);
    const tail = output.trimEnd().split('\n').slice(-10).join('\n');
    expect(tail).toContain('Stopped.');
    expect(output).not.toContain('idle PostgreSQL connection failed');
    expect(output).not.toMatch(/"level":(40|50)/);
    expect(processesMatching(`-p ${pgPort}`)).toEqual([]);
    expect(processesMatching(`--port ${temporalPort}`)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);
});
