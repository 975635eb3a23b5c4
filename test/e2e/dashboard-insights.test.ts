import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../apps/api/create-api';
import { persistScanResult } from '../../libs/db';
import { FINDING_KINDS, findingOf, type CheckerOutcome, type FindingKind } from '../../libs/domain';
import { useTestApi } from '../support/api';
import { ensureChromium, launchChromium } from '../support/chromium';
import { overflowing, goTo, openDashboard } from '../support/dashboard-page';
import { buildAccountWithZones } from '../support/factories';
import { buildScan } from '../support/scan-builders';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const completed = (checker: string, kinds: FindingKind[], subject: string): CheckerOutcome => ({
  checker,
  status: 'completed',
  findings: kinds.map((kind) => findingOf(kind, subject)),
});

/** The ids a table on the page lists, in order (rows carry data-insight-id). */
function listedIds(page: Page, selector = '#insights-table tbody tr[data-insight-id]'): Promise<string[]> {
  return page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((row) => row.dataset.insightId)`,
  ) as Promise<string[]>;
}

/** Presses Tab until the element matching `selector` has the focus (at most `max` presses). */
async function tabTo(page: Page, selector: string, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`))
      return presses;
  }
  throw new Error(`${selector} was not reached with ${max} Tab presses`);
}

describe('the dashboard insights explorer and insight page', () => {
  const db = useTestDatabase();
  const api = useTestApi(db, { env: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233' } });
  let browser: Browser;
  let alpha: { accountId: string; zoneIds: string[]; names: string[] };
  let beta: { accountId: string; zoneIds: string[]; names: string[] };

  /** Insight ids of an account matching a SQL condition, newest first (the list's order). */
  async function idsWhere(accountId: string, condition = 'true', params: unknown[] = []): Promise<string[]> {
    const result = await db.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM insights WHERE account_id = $1 AND (${condition}) ORDER BY id DESC`,
      [accountId, ...params],
    );
    return result.rows.map((row) => row.id);
  }

  async function useAlpha(page: Page): Promise<void> {
    await goTo(page, `#/insights?account=${alpha.accountId}`, '#insights-table tbody tr');
  }

  beforeAll(async () => {
    await ensureChromium();
    alpha = await buildAccountWithZones(db.pool, { name: 'Alpha Corp', prefix: 'alpha', count: 3 });
    beta = await buildAccountWithZones(db.pool, { name: 'Beta Corp', prefix: 'beta', count: 1 });
    const [a0, a1, a2] = alpha.zoneIds as [string, string, string];
    const writer = { copyThreshold: 1000 };
    await persistScanResult(
      db.pool,
      buildScan(a0, [
        completed('http', ['hsts-missing', 'csp-missing', 'https-redirect-missing'], 'https://alpha-0.example.com/'),
        completed('dns', ['dangling-cname'], 'www.alpha-0.example.com'),
      ]),
      writer,
    );
    await persistScanResult(
      db.pool,
      buildScan(a1, [
        completed('tls', ['tls-cert-expired'], 'alpha-1.example.com:443'),
        completed('http', ['referrer-policy-missing', 'hsts-missing'], 'https://alpha-1.example.com/'),
        { checker: 'dns', status: 'failed', error: 'resolver timed out' },
      ]),
      writer,
    );
    await persistScanResult(
      db.pool,
      buildScan(a2, [completed('dns', ['spf-missing', 'dnssec-missing'], 'alpha-2.example.com')]),
      writer,
    );
    await persistScanResult(
      db.pool,
      buildScan(beta.zoneIds[0] as string, [completed('http', ['hsts-missing'], 'https://beta-0.example.com/')]),
      writer,
    );
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('when the dashboard is fetched, then it carries a CSP that allows only its own files, and a favicon', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />');
    const icon = await fetch(`${api.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('when filters are chosen (with negation and zone names), then the list is what the database holds for them, the URL holds them and back restores the previous ones', async () => {
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440, '#/insights');
    const { page } = tab;
    await useAlpha(page);
    expect(await listedIds(page)).toEqual(await idsWhere(alpha.accountId));

    // Severity is critical or high.
    await page.check('#insight-filters input[name="severity"][value="critical"]');
    await page.check('#insight-filters input[name="severity"][value="high"]');
    await page.click('#insight-filters button[type="submit"]');
    await page.waitForURL(/severity=critical%2Chigh/);
    const severe = await idsWhere(alpha.accountId, `severity IN ('critical', 'high')`);
    expect(severe.length).toBe(3);
    await eventually(async () => ((await listedIds(page)).join() === severe.join() ? true : undefined), 20_000);

    // Kind is NOT hsts-missing (and the severity filter cleared).
    await page.uncheck('#insight-filters input[name="severity"][value="critical"]');
    await page.uncheck('#insight-filters input[name="severity"][value="high"]');
    await page.selectOption('#insight-filters select[name="kind-mode"]', 'not');
    await page.fill('#insight-filters input[name="kind"]', 'hsts-missing');
    await page.click('#insight-filters button[type="submit"]');
    await page.waitForURL(/kind%7Eneq=hsts-missing/);
    const notHsts = await idsWhere(alpha.accountId, `kind <> 'hsts-missing'`);
    await eventually(async () => ((await listedIds(page)).join() === notHsts.join() ? true : undefined), 20_000);

    // Back: the severity filter again, in the form and in the list.
    await page.goBack();
    await page.waitForURL(/severity=critical%2Chigh/);
    await eventually(async () => ((await listedIds(page)).join() === severe.join() ? true : undefined), 20_000);
    expect(await page.isChecked('#insight-filters input[name="severity"][value="critical"]')).toBe(true);
    expect(await page.inputValue('#insight-filters input[name="kind"]')).toBe('');

    // Zone by name, then all but that zone, from a shared link.
    await goTo(page, `#/insights?account=${alpha.accountId}&zone=alpha-0.example.com`, '#insights-table tbody tr');
    const inZone = await idsWhere(alpha.accountId, 'zone_id = $2', [alpha.zoneIds[0]]);
    await eventually(async () => ((await listedIds(page)).join() === inZone.join() ? true : undefined), 20_000);
    expect(await page.inputValue('#insight-filters input[name="zone"]')).toBe('alpha-0.example.com');
    await goTo(page, `#/insights?account=${alpha.accountId}&zone~neq=alpha-0.example.com`, '#insights-table tbody tr');
    const notInZone = await idsWhere(alpha.accountId, 'zone_id <> $2', [alpha.zoneIds[0]]);
    await eventually(async () => ((await listedIds(page)).join() === notInZone.join() ? true : undefined), 20_000);
    expect(await page.inputValue('#insight-filters select[name="zone-mode"]')).toBe('not');

    // A zone name the account does not have is said so.
    await goTo(page, `#/insights?account=${alpha.accountId}&zone=beta-0.example.com`, '#error:not([hidden])');
    expect(await page.innerText('#error')).toContain('no zone named "beta-0.example.com" in this account');

    // Last seen since tomorrow: nothing; last seen before tomorrow: everything.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await goTo(page, `#/insights?account=${alpha.accountId}&since=${tomorrow}`, '#insights-table tbody tr');
    await page.getByText('no insights match these filters').waitFor({ timeout: 20_000 });
    await goTo(page, `#/insights?account=${alpha.accountId}&since~neq=${tomorrow}`, '#insights-table tbody tr');
    const all = await idsWhere(alpha.accountId);
    await eventually(async () => ((await listedIds(page)).join() === all.join() ? true : undefined), 20_000);
    expect(await page.isHidden('#error')).toBe(true);
    expect(tab.problems.filter((p) => !p.includes('404'))).toEqual([]);
    await tab.close();
  });

  it('when counted by a dimension, then the counts are the database’s; when paged, then the pages are keyset pages in the database’s order and back returns to the first', async () => {
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440, '#/insights');
    const { page } = tab;
    await goTo(page, `#/insights?account=${alpha.accountId}&by=kind`, '#counts-table tbody tr');
    const expected = await db.pool.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM insights WHERE account_id = $1 GROUP BY kind`,
      [alpha.accountId],
    );
    const readCounts = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        await page
          .locator('#counts-table tbody tr')
          .evaluateAll((rows) => rows.map((r) => [r.children[0]?.textContent, Number(r.children[1]?.textContent)])),
      );
    await eventually(
      async () => (Object.keys(await readCounts()).length === expected.rows.length ? true : undefined),
      20_000,
    );
    expect(await readCounts()).toEqual(Object.fromEntries(expected.rows.map((r) => [r.kind, r.n])));

    // Counting by zone names the zones; a count's link narrows the list to it.
    await page.selectOption('#count-by', 'zone');
    await page.waitForURL(/by=zone/);
    await page.locator('#counts-table a', { hasText: 'alpha-1.example.com' }).click();
    await page.waitForURL(/zone=alpha-1.example.com/);
    const inZone = await idsWhere(alpha.accountId, 'zone_id = $2', [alpha.zoneIds[1]]);
    await eventually(async () => ((await listedIds(page)).join() === inZone.join() ? true : undefined), 20_000);

    // Pages of 3: the first three ids, then the next three, disjoint and in order.
    const all = await idsWhere(alpha.accountId);
    await goTo(page, `#/insights?account=${alpha.accountId}&limit=3`, '#insights-table tbody tr');
    await eventually(
      async () => ((await listedIds(page)).join() === all.slice(0, 3).join() ? true : undefined),
      20_000,
    );
    await page.click('#insights-next');
    await page.waitForURL(/cursor=/);
    await eventually(
      async () => ((await listedIds(page)).join() === all.slice(3, 6).join() ? true : undefined),
      20_000,
    );
    await page.goBack();
    await eventually(
      async () => ((await listedIds(page)).join() === all.slice(0, 3).join() ? true : undefined),
      20_000,
    );
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('when the current filter is exported as CSV and NDJSON, then the files hold exactly the filtered insights', async () => {
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440, '#/insights');
    const { page } = tab;
    await goTo(page, `#/insights?account=${alpha.accountId}&severity~neq=critical,high`, '#insights-table tbody tr');
    const expected = await idsWhere(alpha.accountId, `severity NOT IN ('critical', 'high')`);
    await eventually(async () => ((await listedIds(page)).join() === expected.join() ? true : undefined), 20_000);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(csv.suggestedFilename()).toBe('insights.csv');
    const lines = (await readFile((await csv.path()) as string, 'utf8')).trim().split('\n');
    expect(lines[0]?.startsWith('id,zone_id,checker,kind')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(expected);

    const [ndjson] = await Promise.all([page.waitForEvent('download'), page.click('#export-ndjson')]);
    expect(ndjson.suggestedFilename()).toBe('insights.ndjson');
    const rows = (await readFile((await ndjson.path()) as string, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; severity: string });
    expect(rows.map((row) => row.id)).toEqual(expected);
    expect(rows.every((row) => !['critical', 'high'].includes(row.severity))).toBe(true);
    await page.getByText('Exported').waitFor({ timeout: 20_000 });
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('when an insight is opened, dismissed (until a date), undismissed and classified, then the page shows the remediation, times and audit trail, and the database holds each change', async () => {
    const [id] = await idsWhere(alpha.accountId, `kind = 'hsts-missing' AND zone_id = $2`, [alpha.zoneIds[0]]);
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440, '#/insights');
    const { page } = tab;
    await useAlpha(page);
    await page.locator(`#insights-table tr[data-insight-id="${id}"] a`).first().click();
    await page.waitForURL(new RegExp(`#/insights/${alpha.accountId}/${id}$`));
    await page.locator('#insight-title', { hasText: FINDING_KINDS['hsts-missing'].title }).waitFor({ timeout: 20_000 });
    expect(await page.innerText('#insight-remediation')).toBe(FINDING_KINDS['hsts-missing'].remediation);
    const details = await page.innerText('#insight-details');
    expect(details).toContain('alpha-0.example.com');
    expect(details).toContain('First seen');
    expect(details).toContain('Last seen');
    const row = async () =>
      (
        await db.pool.query(`SELECT status, dismissed_until, classification, rationale FROM insights WHERE id = $1`, [
          id,
        ])
      ).rows[0];
    const auditRows = async () =>
      Number(
        (await db.pool.query(`SELECT count(*)::int AS n FROM insight_audit WHERE insight_id = $1`, [id])).rows[0].n,
      );
    await tab.screenshot('insight');

    // Dismiss until a date.
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#dismiss-until', until);
    await page.click('#dismiss-button');
    await page.locator('#triage-result', { hasText: 'Dismissed until' }).waitFor({ timeout: 20_000 });
    const dismissed = await row();
    expect(dismissed.status).toBe('dismissed');
    expect(new Date(dismissed.dismissed_until).getTime()).toBe(new Date(`${until}T00:00:00`).getTime());
    expect(await page.locator('#audit-table tbody tr').count()).toBe(await auditRows());
    expect(await page.innerText('#audit-table')).toContain('dismissed');

    // Undismiss.
    await page.click('#undismiss-button');
    await page.locator('#triage-result', { hasText: 'Undismissed' }).waitFor({ timeout: 20_000 });
    expect((await row()).status).toBe('open');

    // Classify as accepted risk, with a rationale; a missing rationale is refused and changes nothing.
    await page.selectOption('#classification', 'accept_risk');
    await page.fill('#rationale', '');
    await page.click('#classify-form button[type="submit"]');
    await page.locator('#triage-result', { hasText: 'Not changed' }).waitFor({ timeout: 20_000 });
    expect(await page.innerText('#triage-result')).toContain('rationale');
    expect((await row()).classification).toBeNull();
    await page.fill('#rationale', 'internal host, HSTS set by the load balancer');
    await page.click('#classify-form button[type="submit"]');
    await page.locator('#triage-result', { hasText: 'Classified as accept_risk' }).waitFor({ timeout: 20_000 });
    const classified = await row();
    expect(classified.classification).toBe('accept_risk');
    expect(classified.rationale).toBe('internal host, HSTS set by the load balancer');
    expect(await page.locator('#audit-table tbody tr').count()).toBe(await auditRows());
    expect(await page.innerText('#insight-details')).toContain('internal host, HSTS set by the load balancer');
    // The refused classification's 400 is the only console error.
    expect(tab.problems.filter((p) => !p.includes('400'))).toEqual([]);
    await tab.close();
  });

  it('when an account key is used, then only its account shows and there is no switch; an admin key switches account and the list follows', async () => {
    const betaKey = await api.keyFor(beta.accountId);
    const tab = await openDashboard(browser, api.url, betaKey.token, 1440, '#/insights');
    const { page } = tab;
    await goTo(page, '#/insights', '#insights-table tbody tr[data-insight-id]');
    expect(await page.innerText('#who')).toBe('account key: Beta Corp');
    expect(await page.isHidden('#account-switch')).toBe(true);
    expect(await listedIds(page)).toEqual(await idsWhere(beta.accountId));
    // Another account's insight answers like a missing one.
    const [alphaInsight] = await idsWhere(alpha.accountId);
    await goTo(page, `#/insights/${alpha.accountId}/${alphaInsight}`, '#error:not([hidden])');
    expect(await page.innerText('#error')).toContain('404');
    await tab.close();

    const admin = await openDashboard(browser, api.url, api.adminKey.token, 1440, '#/insights');
    await useAlpha(admin.page);
    expect(await admin.page.innerText('#who')).toBe('admin key');
    expect(await admin.page.isVisible('#account-switch')).toBe(true);
    expect(await listedIds(admin.page)).toEqual(await idsWhere(alpha.accountId));
    await admin.page.selectOption('#account-select', beta.accountId);
    await admin.page.waitForURL(new RegExp(`account=${beta.accountId}`));
    const betaIds = await idsWhere(beta.accountId);
    await eventually(async () => ((await listedIds(admin.page)).join() === betaIds.join() ? true : undefined), 20_000);
    await admin.screenshot('insights-admin-switched');
    expect(admin.problems).toEqual([]);
    await admin.close();
  });

  it('when there is no key, then the page explains where one comes from and what each kind of key sees', async () => {
    const tab = await openDashboard(browser, api.url, '', 1440, '#/insights');
    await tab.page.locator('#key-help').waitFor({ state: 'visible', timeout: 20_000 });
    const help = await tab.page.innerText('#key-help');
    expect(help).toContain('the admin key that npm start printed');
    expect(help).toContain("An account key sees only its own account's zones and insights");
    expect(help).toContain('An admin key sees every account and can switch between them');
    await tab.screenshot('key-help');
    await tab.close();
  });

  it('when used at 360 px and 1440 px, then every page fits the width without console errors, and filters work from the keyboard alone', async () => {
    const [id] = await idsWhere(alpha.accountId, `kind = 'dangling-cname'`);
    for (const width of [360, 1440]) {
      const tab = await openDashboard(browser, api.url, api.adminKey.token, width, '#/insights');
      const { page } = tab;
      await useAlpha(page);
      // Keyboard only: reach the "critical" box, tick it, reach "Apply filters", press Enter.
      await page.focus('#insight-filters select[name="severity-mode"]');
      await tabTo(page, '#insight-filters input[name="severity"][value="critical"]');
      await page.keyboard.press('Space');
      await tabTo(page, '#insight-filters button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/severity=critical/);
      const critical = await idsWhere(alpha.accountId, `severity = 'critical'`);
      await eventually(async () => ((await listedIds(page)).join() === critical.join() ? true : undefined), 20_000);
      await tab.screenshot('insights');
      expect(await overflowing(page)).toEqual([]);
      await goTo(page, `#/insights/${alpha.accountId}/${id}`, '#insight-remediation:not(:empty)');
      if (width === 360) await tab.screenshot('insight');
      expect(await overflowing(page)).toEqual([]);
      expect(tab.problems).toEqual([]);
      await tab.close();
    }
  });
});
