import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../support/api';
import { ensureChromium, launchChromium } from '../support/chromium';
import { overflowing, goTo, openDashboard } from '../support/dashboard-page';
import { buildAccountWithZones } from '../support/factories';
import {
  schedulerControlFor,
  startTestScheduler,
  stopTestScheduler,
  untilEveryZoneScanned,
} from '../support/scheduler';
import { eventually, useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const TEMPORAL_UI = 'http://127.0.0.1:8233';

/** The text of each cell of each row of a table body. */
function tableCells(page: Page, selector: string): Promise<string[][]> {
  return page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(`${selector} tbody tr`)})].map((row) => [...row.children].map((cell) => cell.textContent.trim()))`,
  ) as Promise<string[][]>;
}

describe('the dashboard zones pages', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);
  const api = useTestApi(db, () => ({
    env: { TEMPORAL_UI_URL: TEMPORAL_UI, TASK_QUEUE_PREFIX: temporal.prefix },
    temporalClient: temporal.client,
  }));
  let browser: Browser;
  let gamma: { accountId: string; zoneIds: string[]; names: string[] };

  async function zoneRow(zoneId: string) {
    const result = await db.pool.query(
      `SELECT name, status, lane_hint AS lane, last_scan_at, grade,
              (SELECT count(*)::int FROM insights i WHERE i.zone_id = z.id AND i.status = 'open' AND i.severity = 'critical') AS critical,
              (SELECT count(*)::int FROM insights i WHERE i.zone_id = z.id AND i.status = 'open' AND i.severity = 'high') AS high
       FROM zones z WHERE id = $1`,
      [zoneId],
    );
    return result.rows[0];
  }

  beforeAll(async () => {
    await ensureChromium();
    gamma = await buildAccountWithZones(db.pool, { name: 'Gamma Corp', prefix: 'gamma', count: 4 });
    await buildAccountWithZones(db.pool, { name: 'Delta Corp', prefix: 'delta', count: 2 });
    // Every zone scanned once at a 30 s frequency; then an hour, so only "scan now" adds scans.
    await startTestScheduler(temporal, { frequencySeconds: 30, tickSeconds: 1 });
    await untilEveryZoneScanned(db.pool, 6, 120_000);
    await schedulerControlFor(temporal).setFrequency(3600);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopTestScheduler(temporal);
  });

  it('when zones are searched by name, then the list shows each matching zone with its lane, last scan, open critical/high and grade as the database has them', async () => {
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440);
    const { page } = tab;
    await goTo(page, `#/zones?account=${gamma.accountId}`, '#zone-list tbody tr[data-zone-id]');
    await page.fill('#zone-query', 'gamma-1');
    await page.click('#zone-search button[type="submit"]');
    await page.waitForURL(/q=gamma-1/);
    await eventually(async () => ((await tableCells(page, '#zone-list')).length === 1 ? true : undefined), 20_000);
    const [cells] = await tableCells(page, '#zone-list');
    const expected = await zoneRow(gamma.zoneIds[1] as string);
    expect(cells?.[0]).toBe('gamma-1.example.com');
    expect(cells?.[1]).toBe(expected.lane);
    expect(cells?.[2]).toBe(expected.status);
    expect(cells?.[3]).not.toBe('–');
    expect(Number(cells?.[4])).toBe(expected.critical);
    expect(Number(cells?.[5])).toBe(expected.high);
    expect(cells?.[6]).toBe(expected.grade ?? 'not graded');
    expect(await page.innerText('#zones-summary')).toBe('1 zones starting with "gamma-1".');

    // All of the account's zones, worst grade first, as the database orders them.
    await page.fill('#zone-query', '');
    await page.selectOption('#zone-sort', '-grade');
    await page.click('#zone-search button[type="submit"]');
    await page.waitForURL(/sort=-grade/);
    const worstFirst = await db.pool.query<{ name: string }>(
      `SELECT name FROM zones WHERE account_id = $1 ORDER BY coalesce(score, 101), name, id`,
      [gamma.accountId],
    );
    await eventually(
      async () =>
        (await tableCells(page, '#zone-list')).map((row) => row[0]).join() === worstFirst.rows.map((r) => r.name).join()
          ? true
          : undefined,
      20_000,
    );
    // Back: the search again.
    await page.goBack();
    await eventually(async () => ((await tableCells(page, '#zone-list')).length === 1 ? true : undefined), 20_000);
    await tab.screenshot('zones');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('when a zone is opened, then its scan history (time, lane, duration, outcome per checker), open insights and Temporal UI link match the database; pause, resume and scan now act on it', async () => {
    const zoneId = gamma.zoneIds[0] as string;
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440);
    const { page } = tab;
    await goTo(page, `#/zones?account=${gamma.accountId}`, '#zone-list tbody tr[data-zone-id]');
    await page.locator(`#zone-list tr[data-zone-id="${zoneId}"] a`).click();
    await page.waitForURL(new RegExp(`#/zones/${zoneId}$`));
    await page.locator('#zone-name', { hasText: 'gamma-0.example.com' }).waitFor({ timeout: 20_000 });

    const scans = await db.pool.query<{
      id: string;
      lane: string;
      outcome: string;
      checkers: Array<{ checker: string; findings: number }>;
    }>(`SELECT id::text AS id, lane, outcome, checkers FROM scans WHERE zone_id = $1 ORDER BY finished_at DESC`, [
      zoneId,
    ]);
    await eventually(
      async () => ((await tableCells(page, '#scan-history')).length === scans.rows.length ? true : undefined),
      20_000,
    );
    const history = await tableCells(page, '#scan-history');
    scans.rows.forEach((scan, index) => {
      const row = history[index] as string[];
      expect(row[1]).toBe(scan.lane);
      expect(row[2]).toMatch(/^\d+(\.\d)? (ms|s|min)$/);
      expect(row[3]).toBe(scan.outcome);
      expect(scan.checkers.length).toBeGreaterThan(0);
      for (const checker of scan.checkers) expect(row[4]).toContain(`${checker.checker}: ${checker.findings} findings`);
    });
    const open = await db.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM insights WHERE zone_id = $1 AND status = 'open' ORDER BY id DESC`,
      [zoneId],
    );
    const listed = (await page.evaluate(
      `[...document.querySelectorAll('#zone-insights li[data-insight-id]')].map((li) => li.dataset.insightId)`,
    )) as string[];
    expect(listed).toEqual(open.rows.map((r) => r.id));
    expect(await page.getAttribute('#zone-runs', 'href')).toBe(
      `${TEMPORAL_UI}/namespaces/default/workflows?query=${encodeURIComponent(`ZoneId="${zoneId}"`)}`,
    );
    await tab.screenshot('zone');

    // Pause: the zone is paused in the database and "scan now" is off; resume brings both back.
    await page.click('#pause-resume');
    // Regexes, not strings: Playwright matches a string case-insensitively anywhere, and the paused message
    // ("… until resumed.") would then pass for "Resumed" before the resume request was even sent.
    await page.locator('#zone-result', { hasText: /^Paused:/ }).waitFor({ timeout: 20_000 });
    expect((await zoneRow(zoneId)).status).toBe('paused');
    expect(await page.isDisabled('#scan-now')).toBe(true);
    expect(await page.innerText('#pause-resume')).toBe('Resume');
    await page.click('#pause-resume');
    await page.locator('#zone-result', { hasText: /^Resumed:/ }).waitFor({ timeout: 20_000 });
    expect((await zoneRow(zoneId)).status).toBe('active');

    // Scan now: a new scan lands in the database and in the history.
    await page.click('#scan-now');
    await page.locator('#zone-result', { hasText: 'Scan requested' }).waitFor({ timeout: 20_000 });
    await page.locator('#zone-result', { hasText: 'Scan landed' }).waitFor({ timeout: 90_000 });
    const after = await db.pool.query(`SELECT count(*)::int AS n FROM scans WHERE zone_id = $1`, [zoneId]);
    expect(after.rows[0].n).toBe(scans.rows.length + 1);
    expect((await tableCells(page, '#scan-history')).length).toBe(scans.rows.length + 1);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('when used at 360 px and 1440 px, then the overview, zones and zone pages fit the width without console errors', async () => {
    for (const width of [360, 1440]) {
      const tab = await openDashboard(browser, api.url, api.adminKey.token, width);
      const { page } = tab;
      await page.locator('#zones-table tbody tr').first().waitFor({ timeout: 20_000 });
      await page.locator('#scheduler [data-field="state"]', { hasText: 'running' }).waitFor({ timeout: 20_000 });
      expect(await overflowing(page)).toEqual([]);
      await tab.screenshot('overview');
      await goTo(page, `#/zones?account=${gamma.accountId}`, '#zone-list tbody tr[data-zone-id]');
      expect(await overflowing(page)).toEqual([]);
      if (width === 360) await tab.screenshot('zones');
      await goTo(page, `#/zones/${gamma.zoneIds[0]}`, '#scan-history tbody tr[data-scan-id]');
      expect(await overflowing(page)).toEqual([]);
      if (width === 360) await tab.screenshot('zone');
      expect(tab.problems).toEqual([]);
      await tab.close();
    }
  });
});
