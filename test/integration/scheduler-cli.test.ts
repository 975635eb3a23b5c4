import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import type { SchedulerStatus } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { startTestScheduler, statusWhen } from '../support/scheduler';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');

describe('npm run cli -- scheduler …', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);

  /** Runs the compiled CLI against the test's Temporal server, database and task-queue prefix. */
  function cli(args: string[], prefix = temporal.prefix): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            PATH: process.env.PATH ?? '',
            TEMPORAL_ADDRESS: inject('temporalAddress'),
            DATABASE_URL: db.url,
            TASK_QUEUE_PREFIX: prefix,
            LOG_LEVEL: 'error',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('when the operator reads, changes, pauses and resumes the scheduler, then each command acts and says so', async () => {
    await buildAccountWithZones(db.pool, { count: 5, dueNow: false });
    const handle = await startTestScheduler(temporal, {
      frequencySeconds: 600,
      minFrequencySeconds: 60,
      maxFrequencySeconds: 86_400,
    });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick');

    const status = await cli(['scheduler', 'status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as SchedulerStatus;
    expect(parsed).toMatchObject({ frequencySeconds: 600, activeZones: 5, paused: false, frequencyAchievable: true });

    const refused = await cli(['scheduler', 'set-frequency', '10s']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'security-insights: the scheduler refused the frequency: frequencySeconds 10 is below the minimum; allowed: 1m to 1d (60 to 86400 seconds)',
    );

    const changed = await cli(['scheduler', 'set-frequency', '2h']);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('frequency is now 2h');

    expect((await cli(['scheduler', 'pause'])).code).toBe(0);
    const text = await cli(['scheduler', 'status']);
    expect(text.stdout).toContain('PAUSED (resume with: scheduler resume)');
    expect(text.stdout).toMatch(/frequency\s+2h desired/);
    expect((await cli(['scheduler', 'resume'])).code).toBe(0);
    await statusWhen(handle, (s) => !s.paused, 'the resume');

    const rejittered = await cli(['scheduler', 'rejitter', '--frequency', '1h']);
    expect(rejittered.stdout.trim()).toBe('spread the next scans of 5 active zones over 1h');
    const spread = await db.pool.query<{ max: number }>(
      `SELECT max(extract(epoch FROM next_scan_at - now())) AS max FROM zones`,
    );
    expect(Number(spread.rows[0]?.max)).toBeLessThanOrEqual(3600);
    await handle.terminate('test over');
  });

  it('when arguments are bad or no scheduler runs, then the CLI says what to do and exits non-zero', async () => {
    const badZone = await cli(['scheduler', 'scan-now', 'not-a-zone']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('"not-a-zone" is not a zone id');

    const badDuration = await cli(['scheduler', 'set-frequency', 'soon']);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toContain('"soon" is not a duration');

    const missing = await cli(['scheduler', 'status'], 'nobody-here');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'security-insights: no scheduler workflow "nobody-here-scheduler" is running in namespace default. Start one with npm start or a worker with --lanes scheduler (TASK_QUEUE_PREFIX must match).',
    );
  });
});
