import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../libs/worker';
import { committedHistories, replayAll } from './histories';

/**
 * Proves the replay net catches what it is for: a copy of each workflow whose commands come in
 * a different order (built here, by a webpack loader that edits the source while bundling;
 * never committed as code) must fail to replay every committed history of that workflow with
 * a nondeterminism error, while the histories of the other workflow still replay.
 */
interface Mutation {
  workflowType: string;
  file: string;
  what: string;
  edits: Array<{ find: string; replace: string }>;
}

const MUTATIONS: Mutation[] = [
  {
    workflowType: 'scanScheduler',
    file: 'scan-scheduler.workflow.ts',
    what: 'waits for the tick grid before claiming instead of after',
    edits: [
      {
        find: '    const claimInput = {',
        replace: '    await sleep(input.tickSeconds * 1000);\n    const claimInput = {',
      },
      { find: '    if (wait > 0) await sleep(wait);', replace: '    void wait;' },
    ],
  },
  {
    workflowType: 'scanZone',
    file: 'scan-zone.workflow.ts',
    what: 'backs off before each check attempt instead of after a failed one',
    edits: [
      {
        // attemptOnLane: every lane's attempts, step-wise and fused.
        find: '    try {\n      return answered(await attemptOnce(attempt));',
        replace:
          '    await sleep(checkRetryDelayMs(lane, attempt));\n    try {\n      return answered(await attemptOnce(attempt));',
      },
    ],
  },
  {
    workflowType: 'notificationDispatcher',
    file: 'notification-dispatcher.workflow.ts',
    what: 'waits for the window before each round instead of after',
    edits: [
      {
        find: '    await sleep(input.windowSeconds * 1000);\n  }',
        replace: '  }',
      },
      {
        find: '    const result = await dispatchRound({',
        replace: '    await sleep(input.windowSeconds * 1000);\n    const result = await dispatchRound({',
      },
    ],
  },
  {
    workflowType: 'deliverNotification',
    file: 'deliver-notification.workflow.ts',
    what: 'backs off before each attempt instead of after a failed one',
    edits: [
      {
        find: '      result = await attemptDelivery(deliveryId);',
        replace:
          '      await sleep(policy.busyRetrySeconds * 1000);\n      result = await attemptDelivery(deliveryId);',
      },
    ],
  },
];

// A webpack loader applying one mutation's edits; it fails the bundle when an edit no longer matches.
const LOADER = `module.exports = function (source) {
  const { edits } = this.getOptions();
  for (const { find, replace } of edits) {
    if (!source.includes(find)) throw new Error('mutation no longer matches the workflow source: ' + JSON.stringify(find));
    source = source.replace(find, replace);
  }
  return source;
};
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'si-mutants-'));
  await writeFile(path.join(dir, 'mutate-loader.js'), LOADER);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bundleMutant(mutation: Mutation): Promise<string> {
  const hook: BundleOptions['webpackConfigHook'] = (config) => ({
    ...config,
    module: {
      ...config.module,
      rules: [
        ...(config.module?.rules ?? []),
        {
          test: (file: string) => file.endsWith(path.join('workflows', mutation.file)),
          enforce: 'pre',
          use: [{ loader: path.join(dir, 'mutate-loader.js'), options: { edits: mutation.edits } }],
        },
      ],
    },
  });
  const { code } = await bundleWorkflows({ webpackConfigHook: hook });
  const codePath = path.join(dir, `${mutation.workflowType}.js`);
  await writeFile(codePath, code);
  return codePath;
}

describe('the replay net against reordered workflows', () => {
  for (const mutation of MUTATIONS) {
    it(`when ${mutation.workflowType} ${mutation.what}, then each of its histories fails replay as nondeterministic`, async () => {
      const histories = committedHistories();
      const own = histories.filter((h) => h.workflowType === mutation.workflowType).map((h) => h.workflowId);
      expect(own.length).toBeGreaterThan(0);

      const results = await replayAll(await bundleMutant(mutation), histories);

      const outcome = (id: string) => {
        const error = results.find((r) => r.workflowId === id)?.error;
        return error ? `${error.name}: ${/nondetermin/i.test(error.message) ? 'nondeterminism' : error.message}` : 'ok';
      };
      for (const id of own) expect(outcome(id), id).toBe('DeterminismViolationError: nondeterminism');
      // The other workflow's histories still replay: the failures come from this mutation alone.
      const others = histories.filter((h) => h.workflowType !== mutation.workflowType).map((h) => h.workflowId);
      for (const id of others) expect(outcome(id), id).toBe('ok');
    }, 180_000);
  }
});
