// Zones: search by name, ordered by name, last scan or grade, with what needs attention.
import { apiEnvelope } from './api.js';
import { $, el, fillTable, when } from './dom.js';
import { currentRoute, go, link } from './router.js';
import { chosenAccount } from './session.js';

function row(zone) {
  return el(
    'tr',
    { dataset: { zoneId: zone.id } },
    el('td', {}, el('a', { href: link(`/zones/${zone.id}`) }, zone.name)),
    el('td', {}, zone.lane),
    el('td', {}, zone.status),
    el('td', {}, when(zone.lastScanAt)),
    el('td', { class: zone.openCritical ? 'alert' : undefined }, zone.openCritical),
    el('td', {}, zone.openHigh),
    el('td', {}, zone.grade ? el('span', { class: 'grade' }, zone.grade) : 'not graded'),
  );
}

/** Shows the zones of the URL's search (#/zones?q=<prefix>&sort=…&cursor=…). */
export async function showZones() {
  const { params } = currentRoute();
  const accountId = chosenAccount(params.get('account'));
  $('#zone-query').value = params.get('q') || '';
  $('#zone-sort').value = params.get('sort') || 'name';
  const query = new URLSearchParams({ sort: params.get('sort') || 'name', limit: '50' });
  const prefix = (params.get('q') || '').trim().toLowerCase();
  if (prefix) query.set('name_prefix', prefix);
  if (params.get('cursor')) query.set('cursor', params.get('cursor'));
  const page = await apiEnvelope(`/accounts/${accountId}/zones?${query}`);
  fillTable(
    $('#zone-list tbody'),
    page.result.map(row),
    7,
    prefix ? `no zone starts with "${prefix}"` : 'no zones yet',
  );
  $('#zones-summary').textContent =
    `${page.result_info.total_count} zones${prefix ? ` starting with "${prefix}"` : ''}.`;
  const next = $('#zones-next');
  next.hidden = !page.result_info.cursor;
  const nextParams = new URLSearchParams(params);
  if (page.result_info.cursor) nextParams.set('cursor', page.result_info.cursor);
  next.href = link('/zones', nextParams);
  const first = new URLSearchParams(params);
  first.delete('cursor');
  $('#zones-first').href = link('/zones', first);
}

export function setUpZones() {
  $('#zone-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const { params } = currentRoute();
    go('/zones', { account: params.get('account'), q: $('#zone-query').value.trim(), sort: $('#zone-sort').value });
  });
}
