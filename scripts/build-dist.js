#!/usr/bin/env node
// Compiles dist/ with tsc, or with --if-stale only when a source is newer than the last
// successful build. A no-op incremental tsc still takes 5-15 s on a busy 2-core machine,
// which every `npm run cli` call used to pay.
//
//   node scripts/build-dist.js             build now (npm run build)
//   node scripts/build-dist.js --if-stale  build only when dist/ is missing or stale
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
/** Written after a successful build; its mtime is when that build started. */
const STAMP = path.join(dist, '.build-stamp');
const BUILD_CONFIG = 'tsconfig.build.json';
const DEFAULT_SOURCES = ['apps', 'libs', 'activities', 'workflows'];
/** Files whose change can change the output; directories count too (a file deleted or renamed). */
const SOURCE_FILE = /\.(ts|mts|cts|tsx|json)$/;

/** The build config as JSON.parse reads it; {} when it cannot (comments), so defaults apply. */
function buildConfig() {
  try {
    return JSON.parse(readFileSync(path.join(root, BUILD_CONFIG), 'utf8'));
  } catch {
    return {};
  }
}

/** The folders tsc compiles, from the build config's `include` (globs cut at their first wildcard). */
function sourceRoots() {
  const include = buildConfig().include;
  if (!Array.isArray(include) || include.length === 0) return DEFAULT_SOURCES;
  return include.map((entry) => String(entry).split('*')[0].replace(/\/+$/, '') || '.');
}

/** True when anything under `dir` (a file or a folder) changed after `since` (ms). */
function changedSince(dir, since) {
  let entries;
  try {
    if (statSync(dir).mtimeMs > since) return true;
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && changedSince(full, since)) return true;
    } else if (SOURCE_FILE.test(entry.name) && statSync(full).mtimeMs > since) {
      return true;
    }
  }
  return false;
}

/** Why dist/ must be rebuilt, or null when it is fresh for `entry` (a path inside dist/). */
function staleReason(entry) {
  if (entry && !existsSync(path.join(dist, entry))) return `dist/${entry} is missing`;
  if (!existsSync(STAMP)) return 'no successful build recorded yet';
  const built = statSync(STAMP).mtimeMs;
  const configs = readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name) || name === 'package-lock.json');
  for (const name of configs) {
    if (statSync(path.join(root, name)).mtimeMs > built) return `${name} changed`;
  }
  for (const dir of sourceRoots()) {
    if (changedSince(path.join(root, dir), built)) return `sources under ${dir}/ changed`;
  }
  return null;
}

/**
 * Runs tsc; on success records the build's start time in the stamp. Returns tsc's exit code.
 * `full` forgets tsc's incremental state first: from it alone tsc does not notice a deleted
 * output file and would not write it again.
 */
function build({ full = false } = {}) {
  if (full)
    rmSync(path.join(root, buildConfig().compilerOptions?.tsBuildInfoFile ?? 'dist/.tsbuildinfo'), { force: true });
  const started = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', BUILD_CONFIG], { cwd: root, stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code !== 0) {
    process.stderr.write(`build: tsc -p ${BUILD_CONFIG} failed (exit ${code}); fix the errors above and run again\n`);
    return code;
  }
  // A source saved while tsc ran is newer than this stamp, so the next run builds again.
  writeFileSync(STAMP, `dist/ built by tsc -p ${BUILD_CONFIG}, started ${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  return 0;
}

/** Builds dist/ when it is stale for `entry`; returns 0 when dist/ is fresh afterwards. */
function buildIfStale(entry) {
  const reason = staleReason(entry);
  if (!reason) return 0;
  process.stderr.write(`Compiling dist/ (${reason}) …\n`);
  return build({ full: !existsSync(STAMP) || (entry !== undefined && !existsSync(path.join(dist, entry))) });
}

module.exports = { build, buildIfStale, staleReason };

/** `npm run build`: dist/, then the workflow bundle production workers load (apps/worker/build-bundle.ts). */
function buildWithBundle() {
  const code = build();
  if (code !== 0) return code;
  const result = spawnSync(process.execPath, [path.join(dist, 'apps', 'worker', 'build-bundle.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (require.main === module) {
  process.exitCode = process.argv.includes('--if-stale') ? buildIfStale() : buildWithBundle();
}
