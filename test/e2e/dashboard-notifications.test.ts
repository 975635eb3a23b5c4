import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterDelivery } from '../../libs/db';
import { useTestApi } from '../support/api';
import { ensureChromium, launchChromium } from '../support/chromium';
import { openDashboard, overflowing, WIDTHS } from '../support/dashboard-page';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/** The text of each cell of each row of a table body. */
function tableCells(page: Page, selector: string): Promise<string[][]> {
  return page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(`${selector} tbody tr`)})].map((row) => [...row.children].map((cell) => cell.textContent.trim()))`,
  ) as Promise<string[][]>;
}

/**
 * The notifications panel against the real API: destinations and test sends are made through
 * the API (its "send test" call delivers to a receiver on loopback), and the panel shows them
 * as the delivery log has them; a paused destination shows why and resumes from the panel.
 */
describe('the dashboard notifications panel', () => {
  const db = useTestDatabase();
  // The receivers listen on loopback: the API's network guard admits 127.0.0.1 alone.
  const api = useTestApi(db, { env: { NET_ALLOWLIST: '127.0.0.1/32' } });
  let browser: Browser;
  const receivers: WebhookReceiver[] = [];
  let accountId: string;
  let gone: { id: string; deliveryId: string };

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api.request(api.adminKey.token, method, `/accounts/${accountId}/notifications${path}`, body);
    expect(response.status, response.text).toBeLessThan(300);
    return response.json.result;
  };
  /** A webhook destination for a receiver answering `status`, and one test send to it. */
  const destinationWithTestSend = async (name: string, status: number) => {
    const receiver = await startWebhookReceiver(() => ({ status }));
    receivers.push(receiver);
    const { destination } = await call('POST', '/destinations', { type: 'webhook', name, url: receiver.url });
    const sent = await call('POST', `/destinations/${destination.id}/test`);
    expect(receiver.requests).toHaveLength(1);
    return { id: destination.id as string, deliveryId: sent.deliveryId as string };
  };

  beforeAll(async () => {
    await ensureChromium();
    ({ accountId } = await buildAccountWithZones(db.pool, { name: 'Hooked Corp', prefix: 'hooked', count: 1 }));
    await destinationWithTestSend('team hook', 204);
    gone = await destinationWithTestSend('old hook', 410);
    // As the delivery workflow does when a delivery is out of retries: dead-letter it; one pauses here.
    await deadLetterDelivery(db.pool, gone.deliveryId, 1);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('when the panel is opened, then it shows each destination with its status and reason, and each delivery with status, attempts, response code and last error', async () => {
    for (const width of WIDTHS) {
      // Opened at the panel: the overview would ask for the scheduler, which this test runs without.
      const tab = await openDashboard(
        browser,
        api.url,
        api.adminKey.token,
        width,
        `#/notifications?account=${accountId}`,
      );
      const { page } = tab;
      await page.locator('#deliveries-table tbody tr[data-delivery-id]').first().waitFor();
      const destinations = await tableCells(page, '#destinations-table');
      const byName = new Map(destinations.map((cells) => [cells[0], cells]));
      expect(byName.get('team hook')?.slice(1, 5)).toEqual(['webhook', receivers[0]?.url, 'active', '–']);
      const paused = byName.get('old hook');
      expect(paused?.[3]).toBe('paused');
      expect(paused?.[4]).toMatch(/^1 deliveries in a row dead-lettered.*HTTP 410.*resume the destination/);
      expect(paused?.[5]).toBe('Resume');

      const deliveries = await tableCells(page, '#deliveries-table');
      expect(deliveries).toHaveLength(2);
      const delivered = deliveries.find((cells) => cells[1] === 'team hook');
      const failed = deliveries.find((cells) => cells[1] === 'old hook');
      // Destination, mode, status, events, attempts, response code, last error.
      expect(delivered?.slice(1)).toEqual(['team hook', 'test', 'delivered', '0', '1', '204', '–']);
      expect(failed?.slice(1, 7)).toEqual(['old hook', 'test', 'failed', '0', '1', '410']);
      expect(failed?.[7]).toMatch(/^HTTP 410 from http:\/\/127\.0\.0\.1:\d+\/hooks\/security/);
      expect(await page.innerText('#notifications-summary')).toBe(
        '2 destinations (1 paused); 2 most recent deliveries.',
      );
      expect(await overflowing(page)).toEqual([]);
      await tab.screenshot('notifications');
      expect(tab.problems).toEqual([]);
      await tab.close();
    }
  });

  it('when Resume is clicked on a paused destination, then the API resumes it and the panel shows it active', async () => {
    const tab = await openDashboard(browser, api.url, api.adminKey.token, 1440, `#/notifications?account=${accountId}`);
    const { page } = tab;
    await page.locator('#destinations-table button.resume').first().waitFor();
    await page.click(`#destinations-table button.resume[data-destination-id="${gone.id}"]`);
    await page
      .locator('#notifications-result')
      .getByText(/^Resumed: \d+ held deliveries are sent again\.$/)
      .waitFor();
    const row = (await tableCells(page, '#destinations-table')).find((cells) => cells[0] === 'old hook');
    expect(row?.slice(3)).toEqual(['active', '–', '']);
    const stored = await db.pool.query('SELECT status, paused_reason FROM notification_destinations WHERE id = $1', [
      gone.id,
    ]);
    expect(stored.rows[0]).toEqual({ status: 'active', paused_reason: null });
    expect(tab.problems).toEqual([]);
    await tab.close();
  });
});
