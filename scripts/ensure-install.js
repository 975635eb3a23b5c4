#!/usr/bin/env node
// Installs dependencies when they are missing or older than package-lock.json, so that
// `npm start` and `npm test` work straight from a fresh clone.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
function ensureInstall() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
  if (stale) {
    process.stdout.write('Installing dependencies (npm ci) …\n');
    execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  }
}

module.exports = { ensureInstall };

if (require.main === module) ensureInstall();
