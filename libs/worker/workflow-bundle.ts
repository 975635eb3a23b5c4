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
function entryPoint(relative: string, workflowsDir: string = WORKFLOWS_DIR): string {
  const base = path.join(workflowsDir, relative);
  return existsSync(`${base}.js`) ? `${base}.js` : `${base}.ts`;
}

/**
 * The bundler options of the production workflows, whether bundled at start (tests, benches) or
 * prebuilt (npm run build): `workflowsDir` holds index.js (compiled) or index.ts (source).
 */
export function productionBundleOptions(workflowsDir: string = WORKFLOWS_DIR): BundleOptions {
  const resolve = (relative: string) => entryPoint(relative, workflowsDir);
  return {
    workflowsPath: resolve('index'),
    logger: quietBundlerLogger,
    // The Public Suffix List behind the zone-name rule (libs/domain/zone-name.ts) is ~0.9 MB of
    // bundle that no workflow calls: activities, the API and the CLI check names.
    ignoreModules: ['tldts'],
    // Evaluated once per workflow thread instead of once per workflow: the SDK gives every
    // workflow its own module cache, and evaluating these re-export trees was ~4 % of the fast
    // lane's workflow thread in a profile of bench e2e (1.3 s of 32 s busy). Safe because they
    // are pure: constants and functions, no module-level state (workflows/README.md says so).
    preloadModules: PRELOADED_MODULES.map(resolve),
  };
}

/** Workflow-side modules shared by every workflow of a thread (see productionBundleOptions). */
const PRELOADED_MODULES = [path.join('..', 'libs', 'domain', 'index'), path.join('..', 'libs', 'contract', 'index')];

/**
 * Bundles the production workflows once, so several workers in one process share the bundle.
 * `webpackConfigHook` is for the replay test's deliberately broken copies (test/replay).
 */
export function bundleWorkflows(
  options: Pick<BundleOptions, 'webpackConfigHook'> = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...options, ...productionBundleOptions() });
}

/** Bundles the fan-out benchmark's workflows (never part of the production bundle). */
export function bundleFanoutBenchWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: entryPoint(path.join('bench', 'fanout.workflows')),
    logger: quietBundlerLogger,
  });
}
