import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

const HISTORIES = path.join(__dirname, '..', 'fixtures', 'histories');

/**
 * Histories recorded from the scheduler before plans (commit 2cc185b): ticks, a setFrequency
 * update and signal, scan-now, pause/resume, one continue-as-new, and the next run still open.
 * The current workflow code must replay them command for command.
 */
describe('scheduler histories from before plans replay against the current code', () => {
  for (const file of ['scan-scheduler-before-plans.run1.bin', 'scan-scheduler-before-plans.run2-open.bin']) {
    it(`when ${file} is replayed, then no nondeterminism is found`, async () => {
      const history = proto.api.history.v1.History.decode(readFileSync(path.join(HISTORIES, file)));
      expect(history.events.length).toBeGreaterThan(10);
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history);
    });
  }
});
