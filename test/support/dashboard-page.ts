import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './chromium';

export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');
/** The widths every page is checked and photographed at: a small phone and a laptop. */
export const WIDTHS = [360, 1440] as const;

export interface DashboardPage {
  page: Page;
  /** Console errors, failed requests and uncaught exceptions seen so far. */
  problems: string[];
  /** Saves a full-page screenshot as screenshots/<name>-<width>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A dashboard page at `width` with `key` already entered (as if typed into the key form
 * earlier: the page keeps it in localStorage), recording every console error.
 */
export async function openDashboard(
  browser: Browser,
  apiUrl: string,
  key: string,
  width: number,
  /** The route to open at (default: the overview). */
  hash = '',
): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  await context.addInitScript(`localStorage.setItem('si-api-key', ${JSON.stringify(key)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${apiUrl}/${hash}`);
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return {
    page,
    problems,
    async screenshot(name) {
      const file = path.join(SCREENSHOTS_DIR, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}

/** Navigates within the dashboard (a hash route) and waits until `ready` shows. */
export async function goTo(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
}

/**
 * What sticks out of the window sideways ([] when the page fits its width): elements whose
 * right edge passes the window, outside the boxes that scroll on purpose (wide tables).
 */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.offsetParent !== null && !(el.parentElement && el.parentElement.closest('.scroll')))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
    if (document.documentElement.scrollWidth > width) out.push('document scrollWidth ' + document.documentElement.scrollWidth);
    return out;
  })()`) as Promise<string[]>;
}
