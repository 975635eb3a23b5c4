#!/usr/bin/env node
// Runs a compiled entry point of dist/ after installing dependencies and compiling only when
// needed, so `npm run cli -- …` starts in about a second on a built tree.
//
//   node scripts/run-built.js apps/cli/main.js [arguments…]
//
// Every argument after the entry point goes to it unchanged. The entry point runs in this
// process (one Node start instead of two), with process.argv as if started directly.
'use strict';
const path = require('node:path');
const { ensureInstall } = require('./ensure-install');
const { buildIfStale } = require('./build-dist');

const [entry, ...args] = process.argv.slice(2);
if (!entry || !entry.endsWith('.js')) {
  process.stderr.write(
    'usage: node scripts/run-built.js <entry point under dist/, e.g. apps/cli/main.js> [arguments…]\n',
  );
  process.exit(2);
}
ensureInstall();
const code = buildIfStale(entry);
if (code !== 0) process.exit(code);
const main = path.join(__dirname, '..', 'dist', entry);
process.argv = [process.argv[0], main, ...args];
require(main);
