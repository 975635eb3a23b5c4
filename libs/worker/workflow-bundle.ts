import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type BundleOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

// The only place outside workflows/ that names that folder: the worker bundles it, nobody imports it.
const WORKFLOWS_DIR = path.join(__dirname, '..', '..', 'workflows');

/** The bundler reports each bundle at info level; only its warnings and errors matter here. */
export const quietBundlerLogger = new DefaultLogger('WARN');

/** From dist/ the compiled entry point; under the test runner the TypeScript source. */
function entryPoint(relative: string): string {
  const base = path.join(WORKFLOWS_DIR, relative);
  return existsSync(`${base}.js`) ? `${base}.js` : `${base}.ts`;
}

/**
 * Bundles the production workflows once, so several workers in one process share the bundle.
 * `webpackConfigHook` is for the replay test's deliberately broken copies (test/replay).
 */
export function bundleWorkflows(
  options: Pick<BundleOptions, 'webpackConfigHook'> = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    ...options,
    workflowsPath: entryPoint('index'),
    logger: quietBundlerLogger,
    // The Public Suffix List behind the zone-name rule (libs/domain/zone-name.ts) is ~0.9 MB of
    // bundle that no workflow calls: activities, the API and the CLI check names.
    ignoreModules: ['tldts'],
  });
}

/** Bundles the fan-out benchmark's workflows (never part of the production bundle). */
export function bundleFanoutBenchWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: entryPoint(path.join('bench', 'fanout.workflows')),
    logger: quietBundlerLogger,
  });
}
