import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { withMachineLock } from '../../libs/devstack';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(__dirname, '..', '..', 'test-artifacts');

/**
 * Installs Debian's chromium when missing (the machine's own package; no browser download).
 * Browser test files start in parallel: without the lock, two `apt-get install`s race for
 * dpkg's lock and the loser fails its whole file.
 */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing and installing it needs root: run "apt-get install -y chromium" or set CHROMIUM_PATH`,
    );
  }
  await withMachineLock('security-insights-chromium-install', { waitMs: 600_000 }, async () => {
    if (existsSync(CHROMIUM_PATH)) return;
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  });
}

/**
 * Headless Chromium as this sandbox allows it: no sandbox (root), no GPU, and none of the
 * background networking that a closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
