// Notifications: the account's destinations (active or paused, and why) and its delivery log.
import { api, send } from './api.js';
import { $, el, fillTable, when } from './dom.js';
import { currentRoute } from './router.js';
import { chosenAccount } from './session.js';

let shownAccount = null;

function destinationRow(destination) {
  const paused = destination.status === 'paused';
  return el(
    'tr',
    { dataset: { destinationId: destination.id } },
    el('td', {}, destination.name),
    el('td', {}, destination.type),
    el('td', {}, destination.url ?? destination.email ?? '–'),
    el('td', { class: paused ? 'alert' : undefined }, destination.status),
    el('td', {}, paused ? (destination.pausedReason ?? 'paused') : '–'),
    el(
      'td',
      {},
      paused
        ? el('button', { type: 'button', class: 'resume', dataset: { destinationId: destination.id } }, 'Resume')
        : '',
    ),
  );
}

function deliveryRow(delivery, names) {
  return el(
    'tr',
    { dataset: { deliveryId: delivery.id } },
    el('td', {}, when(delivery.createdAt)),
    el('td', {}, names.get(delivery.destinationId) ?? delivery.destinationId),
    el('td', {}, delivery.mode),
    el('td', { class: delivery.status === 'failed' ? 'alert' : undefined }, delivery.status),
    el('td', {}, delivery.eventCount),
    el('td', {}, delivery.attempts),
    el('td', {}, delivery.responseCode ?? '–'),
    el('td', {}, delivery.lastError ?? '–'),
  );
}

/** Shows the chosen account's destinations and its 100 most recent deliveries (#/notifications). */
export async function showNotifications() {
  const accountId = chosenAccount(currentRoute().params.get('account'));
  shownAccount = accountId;
  $('#notifications-result').textContent = '';
  const base = `/accounts/${accountId}/notifications`;
  const [destinations, deliveries] = await Promise.all([
    api(`${base}/destinations`),
    api(`${base}/deliveries?limit=100`),
  ]);
  const names = new Map(destinations.map((d) => [d.id, d.name]));
  fillTable(
    $('#destinations-table tbody'),
    destinations.map(destinationRow),
    6,
    'no destinations yet: create one with POST …/notifications/destinations or npm run cli -- notify',
  );
  fillTable(
    $('#deliveries-table tbody'),
    deliveries.map((d) => deliveryRow(d, names)),
    8,
    'no deliveries yet',
  );
  const paused = destinations.filter((d) => d.status === 'paused').length;
  $('#notifications-summary').textContent =
    `${destinations.length} destinations (${paused} paused); ${deliveries.length} most recent deliveries.`;
}

export function setUpNotifications(showError) {
  $('#destinations-table').addEventListener('click', async (event) => {
    const button = event.target.closest('button.resume');
    if (!button) return;
    button.disabled = true;
    try {
      const result = await send(
        'POST',
        `/accounts/${shownAccount}/notifications/destinations/${button.dataset.destinationId}/resume`,
      );
      await showNotifications();
      $('#notifications-result').textContent = `Resumed: ${result.requeued} held deliveries are sent again.`;
    } catch (error) {
      button.disabled = false;
      showError(error);
    }
  });
}
