import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot, StartupError } from '../config';
import { productionBundleOptions } from './workflow-bundle';

/** Where `npm run build` writes the workflow bundle production workers load. */
export const PREBUILT_BUNDLE_PATH = path.join(projectRoot(), 'dist', 'workflow-bundle.js');
/** Beside it: the hash of the compiled code the bundle was made from. */
const MANIFEST_PATH = path.join(projectRoot(), 'dist', 'workflow-bundle.json');
/** The compiled folders a workflow may import (workflows/README.md), relative to dist/. */
const BUNDLED_DIRS = ['workflows', path.join('libs', 'contract'), path.join('libs', 'domain')];

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

/** A hash of the compiled workflow code in dist/ (names and contents), which the bundle must match. */
export function compiledWorkflowHash(): string {
  const dist = path.join(projectRoot(), 'dist');
  const hash = createHash('sha256');
  // The bundler's options shape the bundle too (e.g. which modules are preloaded).
  hash
    .update(JSON.stringify(productionBundleOptions(path.join(dist, 'workflows')), bundleOptionPaths(dist)))
    .update('\0');
  for (const file of BUNDLED_DIRS.flatMap((dir) => jsFiles(path.join(dist, dir))).sort()) {
    hash.update(path.relative(dist, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** JSON.stringify replacer: paths relative to dist/, so the hash is the same in every checkout; no logger. */
function bundleOptionPaths(dist: string) {
  return (key: string, value: unknown) => {
    if (key === 'logger') return undefined;
    return typeof value === 'string' && path.isAbsolute(value) ? path.relative(dist, value) : value;
  };
}

/** Bundles dist/workflows (compiled by tsc first) into PREBUILT_BUNDLE_PATH, with its manifest. */
export async function writePrebuiltBundle(): Promise<{ path: string; bytes: number }> {
  const entry = path.join(projectRoot(), 'dist', 'workflows', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: compile dist/ first (npm run build does both)`);
  const sourceHash = compiledWorkflowHash();
  const { code } = await bundleWorkflowCode(productionBundleOptions(path.dirname(entry)));
  writeFileSync(PREBUILT_BUNDLE_PATH, code);
  writeFileSync(MANIFEST_PATH, `${JSON.stringify({ sourceHash, builtAt: new Date().toISOString() }, null, 2)}\n`);
  return { path: PREBUILT_BUNDLE_PATH, bytes: code.length };
}

/** True when the prebuilt bundle exists and matches the compiled workflow code. */
export function prebuiltBundleIsFresh(): boolean {
  if (!existsSync(PREBUILT_BUNDLE_PATH) || !existsSync(MANIFEST_PATH)) return false;
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { sourceHash?: string };
  return manifest.sourceHash === compiledWorkflowHash();
}

/**
 * The prebuilt bundle for a production worker, or a StartupError that says what to do: a worker
 * that bundled at start would run whatever workflow code it found, unchecked by the replay tests
 * of the build; a stale bundle would run other workflow code than dist/ (and the activities) hold.
 */
export function prebuiltBundle(): { codePath: string } {
  if (!existsSync(PREBUILT_BUNDLE_PATH) || !existsSync(MANIFEST_PATH)) {
    throw new StartupError(
      'workflow bundle',
      `no prebuilt workflow bundle at ${PREBUILT_BUNDLE_PATH}; run npm run build (it compiles dist/ and writes the bundle), then start the worker again`,
    );
  }
  if (!prebuiltBundleIsFresh()) {
    throw new StartupError(
      'workflow bundle',
      `the workflow bundle ${PREBUILT_BUNDLE_PATH} was built from other workflow code than dist/ now holds (stale); run npm run build, then start the worker again`,
    );
  }
  return { codePath: PREBUILT_BUNDLE_PATH };
}

/**
 * The worker-versioning build id of the prebuilt bundle when WORKER_BUILD_ID is unset: the first 12
 * hex digits of its workflow-code hash, so two builds share an id exactly when their workflow code
 * is the same. Call after prebuiltBundle() (which checks the bundle exists and is fresh).
 */
export function prebuiltBundleBuildId(): string {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { sourceHash?: string };
  if (!manifest.sourceHash) {
    throw new StartupError(
      'WORKER_BUILD_ID',
      `${MANIFEST_PATH} has no sourceHash to derive a build id from; run npm run build, or set WORKER_BUILD_ID`,
    );
  }
  return manifest.sourceHash.slice(0, 12);
}
