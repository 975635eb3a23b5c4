import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ARTIFACTS_DIR, ensureChromium, launchChromium } from '../support/chromium';
import { buildAccountWithZones } from '../support/factories';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { schedulerControlFor, stopTestScheduler, untilEveryZoneScanned } from '../support/scheduler';

describe('the Temporal UI of the dev server', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);
  let browser: Browser;
  let zoneIds: string[];
  let zoneNames: string[];

  beforeAll(async () => {
    await ensureChromium();
    ({ zoneIds, names: zoneNames } = await buildAccountWithZones(db.pool, { count: 3 }));
    await schedulerControlFor(temporal).ensureRunning({
      taskQueuePrefix: temporal.prefix,
      frequencySeconds: 30,
      tickSeconds: 30,
      checkers: ['synthetic'],
    });
    await untilEveryZoneScanned(db.pool, zoneIds.length);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopTestScheduler(temporal);
  });

  it('when the run list is filtered by ZoneId, then it shows that zone’s scanZone runs and no other zone’s', async () => {
    const [zoneId, otherZoneId] = zoneIds as [string, string];
    const query = `WorkflowType="scanZone" AND ZoneId="${zoneId}"`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${inject('temporalUiUrl')}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await page.getByText(`scan:${zoneId}:`).first().waitFor({ timeout: 30_000 });
    const text = await page.locator('body').innerText();
    expect(text).toContain('scanZone');
    expect(text).not.toContain(`scan:${otherZoneId}:`);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'temporal-ui-runs-by-zone.png'), fullPage: true });
    await page.close();
  });

  it('when a scan run is opened, then the UI shows its summary (zone, lane) and its details name the zone, account, lane and tick', async () => {
    const [zoneId] = zoneIds as [string];
    const rows = await db.pool.query<{ workflow_id: string; run_id: string; account_id: string }>(
      `SELECT s.workflow_id, s.run_id, z.account_id FROM scans s JOIN zones z ON z.id = s.zone_id WHERE s.zone_id = $1 LIMIT 1`,
      [zoneId],
    );
    const scan = rows.rows[0] as { workflow_id: string; run_id: string; account_id: string };
    const zoneName = zoneNames[zoneIds.indexOf(zoneId)] as string;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(
      `${inject('temporalUiUrl')}/namespaces/default/workflows/${encodeURIComponent(scan.workflow_id)}/${scan.run_id}/history`,
    );
    await page.getByText(`scan ${zoneName} (fast lane)`).first().waitFor({ timeout: 30_000 });
    // The UI of this dev server shows the summary on the run's page; the details are read back from the server.
    const described = await temporal.client.workflow.getHandle(scan.workflow_id, scan.run_id).describe();
    const details = await described.staticDetails();
    expect(details).toContain(`zone: ${zoneName} (${zoneId})`);
    expect(details).toContain(`account: ${scan.account_id}`);
    expect(details).toMatch(/scheduler tick: \d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'temporal-ui-scan-summary.png'), fullPage: true });
    await page.close();
  });
});
