import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerWorkflowId, schedulerStatusQuery } from '../../libs/contract';
import { useTestApi } from '../support/api';
import { ARTIFACTS_DIR, ensureChromium, launchChromium } from '../support/chromium';
import { buildAccountWithZones } from '../support/factories';
import { eventually, useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { schedulerControlFor, stopTestScheduler, untilEveryZoneScanned } from '../support/scheduler';

/** Sum of every data point a chart on the page shows. */
function chartTotal(page: Page, canvasId: string): Promise<number> {
  return page.evaluate((id) => {
    const chart = (
      globalThis as unknown as {
        Chart: { getChart(id: string): { data: { datasets: Array<{ data: number[] }> } } | undefined };
      }
    ).Chart.getChart(id);
    return chart ? chart.data.datasets.flatMap((d) => d.data).reduce((sum, n) => sum + Number(n), 0) : -1;
  }, canvasId);
}

describe('the dashboard', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);
  const api = useTestApi(db, () => ({
    env: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TASK_QUEUE_PREFIX: temporal.prefix },
    temporalClient: temporal.client,
  }));
  let browser: Browser;

  beforeAll(async () => {
    await ensureChromium();
    await buildAccountWithZones(db.pool, { count: 6 });
    await schedulerControlFor(temporal).ensureRunning({
      taskQueuePrefix: temporal.prefix,
      frequencySeconds: 30,
      tickSeconds: 30,
      checkers: ['synthetic'],
    });
    await untilEveryZoneScanned(db.pool, 6);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopTestScheduler(temporal);
  });

  it('when opened without a working key, then it says where one comes from; with an admin key after a few scans, then its charts show the scans, severities, trend and top kinds, and a frequency change reaches the scheduler', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${api.url}/`);
    // Without a key, and with a refused one, the page says where a working key comes from.
    const keyHelp = page.locator('#key-help');
    await keyHelp.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await keyHelp.innerText()).toContain('the admin key that npm start printed');
    expect(await keyHelp.locator('code').allInnerTexts()).toEqual([
      'npm start',
      'npm run cli -- keys create --admin',
      'npm run cli -- keys create --account <account id>',
    ]);
    await page.fill('#api-key', 'si_not-a-key');
    await page.click('#key-form button');
    await page.locator('#error').filter({ hasText: '401 unknown or revoked API key' }).waitFor({ timeout: 20_000 });
    expect(await keyHelp.isVisible()).toBe(true);
    // The scheduler rescans every 30 s: the chart must show the scans there were when it loaded, or a later count.
    const scansCount = async () => Number((await db.pool.query('SELECT count(*)::int AS n FROM scans')).rows[0].n);
    const scansBeforeLoad = await scansCount();
    await page.fill('#api-key', api.adminKey.token);
    await page.click('#key-form button');
    await keyHelp.waitFor({ state: 'hidden', timeout: 20_000 });
    const expectedOpen = Number(
      (await db.pool.query(`SELECT count(*)::int AS n FROM insights WHERE status = 'open'`)).rows[0].n,
    );
    expect(expectedOpen).toBeGreaterThan(0);
    await eventually(
      async () => ((await chartTotal(page, 'severity-chart')) === expectedOpen ? true : undefined),
      20_000,
      'the severity chart',
    );
    const scansShown = await chartTotal(page, 'scans-chart');
    expect(scansShown).toBeGreaterThanOrEqual(scansBeforeLoad);
    expect(scansShown).toBeLessThanOrEqual(await scansCount());
    expect(await chartTotal(page, 'kinds-chart')).toBeGreaterThan(0);
    expect(await chartTotal(page, 'trend-chart')).toBeGreaterThan(0);

    // The scheduler panel shows the workflow's status; changing the frequency there changes it.
    await page.locator('#scheduler [data-field="frequency"]').filter({ hasText: '30s' }).waitFor({ timeout: 20_000 });
    await page.fill('#frequency', '45m');
    await page.click('#frequency-form button');
    await page.getByText('Frequency changed.').waitFor({ timeout: 20_000 });
    await page.locator('#scheduler [data-field="frequency"]').filter({ hasText: '45m' }).waitFor({ timeout: 20_000 });
    // The desired state shows at once, not after the next tick (30 s away): 6 zones every 45 m.
    await page
      .locator('#scheduler [data-field="achieved"]')
      .filter({ hasText: 'every 45m' })
      .waitFor({ timeout: 20_000 });
    const status = await temporal.client.workflow
      .getHandle(schedulerWorkflowId(temporal.prefix))
      .query(schedulerStatusQuery);
    expect(status.frequencySeconds).toBe(2700);
    expect(await page.locator('#error').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'dashboard.png'), fullPage: true });
    await page.close();
  });
});
