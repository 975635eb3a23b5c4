import { describe, expect, inject, it } from 'vitest';
import { committedHistories, REQUIRED_CASES, replayAll } from './histories';

describe('replay of committed workflow histories', () => {
  it('when the histories are listed, then every case the workflows must keep replaying is there', () => {
    const names = committedHistories().map((h) => h.workflowId);
    expect(names).toEqual(expect.arrayContaining(REQUIRED_CASES));
  });

  it('when every committed history is replayed against the current workflow code, then none fails', async () => {
    const histories = committedHistories();
    const results = await replayAll(inject('workflowBundlePath'), histories);
    expect(results.map((r) => r.workflowId).sort()).toEqual(histories.map((h) => h.workflowId).sort());
    const failures = results
      .filter((r) => r.error)
      .map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
    expect(failures).toEqual([]);
  });
});
