import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { lock } from 'proper-lockfile';

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
  const release = await lock(path.join(tmpdir(), 'security-insights-chromium-install'), {
    realpath: false,
    stale: 30_000,
    update: 10_000,
    retries: { retries: 120, factor: 1, minTimeout: 5_000, maxTimeout: 5_000 },
  });
  try {
    if (existsSync(CHROMIUM_PATH)) return;
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } finally {
    await release().catch(() => undefined);
  }
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
