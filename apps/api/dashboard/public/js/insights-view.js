// The insights explorer: filters (with negation) in the URL, keyset pages, counts, export.
import { api, apiEnvelope, download } from './api.js';
import { $, el, fillTable, severityBadge, when } from './dom.js';
import { currentRoute, go, link } from './router.js';
import { chosenAccount } from './session.js';

const LIST_FIELDS = ['severity', 'status'];
const TEXT_FIELDS = ['kind', 'checker', 'zone'];
const PAGE_SIZE = 50;
const pageSize = (params) => Math.min(Math.max(Number(params.get('limit')) || PAGE_SIZE, 1), 500);

const splitList = (text) =>
  (text || '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);

/** The filters of the URL as [field, negated, values]; zone values are names. */
function filtersOf(params) {
  const filters = [];
  for (const field of [...LIST_FIELDS, ...TEXT_FIELDS]) {
    for (const negated of [false, true]) {
      const values = splitList(params.get(negated ? `${field}~neq` : field));
      if (values.length) filters.push({ field, negated, values });
    }
  }
  return filters;
}

/** Zone names → ids in the account: the API filters by id, people by name. */
async function zoneIds(accountId, names) {
  const ids = [];
  for (const name of names) {
    const zones = await api(`/accounts/${accountId}/zones?name=${encodeURIComponent(name.toLowerCase())}`);
    if (!zones[0]) throw new Error(`no zone named "${name}" in this account`);
    ids.push(zones[0].id);
  }
  return ids;
}

/** The API query of the URL's filters (zone names resolved), shared by list, counts and export. */
async function apiQuery(accountId, params) {
  const query = new URLSearchParams();
  for (const { field, negated, values } of filtersOf(params)) {
    const key = negated ? `${field}~neq` : field;
    query.set(key, (field === 'zone' ? await zoneIds(accountId, values) : values).join(','));
  }
  const since = params.get('since') || params.get('since~neq');
  if (since) query.set(params.get('since') ? 'since' : 'since~neq', new Date(`${since}T00:00:00`).toISOString());
  return query;
}

/** Puts the URL's filters into the form (after back/forward or a shared link). */
function fillForm(params) {
  const form = $('#insight-filters');
  for (const field of [...LIST_FIELDS, ...TEXT_FIELDS]) {
    const negated = params.has(`${field}~neq`);
    form.elements[`${field}-mode`].value = negated ? 'not' : 'is';
    const values = splitList(params.get(negated ? `${field}~neq` : field));
    if (LIST_FIELDS.includes(field)) {
      for (const box of form.querySelectorAll(`input[name="${field}"]`)) box.checked = values.includes(box.value);
    } else form.elements[field].value = values.join(', ');
  }
  form.elements['since-mode'].value = params.has('since~neq') ? 'not' : 'is';
  form.elements.since.value = params.get('since') || params.get('since~neq') || '';
  $('#count-by').value = params.get('by') || 'severity';
}

/** The URL parameters the form describes (page and count dimension kept). */
function formParams() {
  const form = $('#insight-filters');
  const { params } = currentRoute();
  const next = {};
  if (params.get('account')) next.account = params.get('account');
  for (const field of [...LIST_FIELDS, ...TEXT_FIELDS]) {
    const values = LIST_FIELDS.includes(field)
      ? [...form.querySelectorAll(`input[name="${field}"]:checked`)].map((box) => box.value)
      : splitList(form.elements[field].value);
    if (values.length) next[form.elements[`${field}-mode`].value === 'not' ? `${field}~neq` : field] = values.join(',');
  }
  if (form.elements.since.value)
    next[form.elements['since-mode'].value === 'not' ? 'since~neq' : 'since'] = form.elements.since.value;
  next.by = $('#count-by').value;
  return next;
}

function row(insight, accountId) {
  return el(
    'tr',
    { dataset: { insightId: insight.id } },
    el('td', {}, severityBadge(insight.severity)),
    el('td', {}, el('a', { href: link(`/insights/${accountId}/${insight.id}`) }, insight.title)),
    el('td', {}, insight.zoneName ? el('a', { href: link(`/zones/${insight.zoneId}`) }, insight.zoneName) : '–'),
    el('td', {}, insight.kind),
    el('td', {}, insight.checker),
    el('td', {}, insight.status),
    el('td', {}, when(insight.lastSeenAt)),
  );
}

/** Shows the insights of the URL's filters: one keyset page, the counts, the next-page link. */
export async function showInsights() {
  const { params } = currentRoute();
  const accountId = chosenAccount(params.get('account'));
  fillForm(params);
  if (!accountId) {
    $('#insights-summary').textContent = 'No account yet: create one with npm run cli -- seed.';
    return;
  }
  const query = await apiQuery(accountId, params);
  const page = new URLSearchParams(query);
  page.set('limit', String(pageSize(params)));
  if (params.get('cursor')) page.set('cursor', params.get('cursor'));
  const counts = new URLSearchParams(query);
  counts.set('by', params.get('by') || 'severity');
  const [list, countRows] = await Promise.all([
    apiEnvelope(`/accounts/${accountId}/insights?${page}`),
    api(`/accounts/${accountId}/insights/counts?${counts}`),
  ]);
  fillTable(
    $('#insights-table tbody'),
    list.result.map((insight) => row(insight, accountId)),
    7,
    'no insights match these filters',
  );
  const total = countRows.reduce((sum, c) => sum + c.count, 0);
  $('#insights-summary').textContent =
    `${total} insights match; showing ${list.result.length}${params.get('cursor') ? ' (a later page)' : ''}.`;
  const next = $('#insights-next');
  next.hidden = !list.result_info.cursor;
  const nextParams = new URLSearchParams(params);
  if (list.result_info.cursor) nextParams.set('cursor', list.result_info.cursor);
  next.href = link('/insights', nextParams);
  const firstParams = new URLSearchParams(params);
  firstParams.delete('cursor');
  $('#insights-first').href = link('/insights', firstParams);
  const by = params.get('by') || 'severity';
  fillTable(
    $('#counts-table tbody'),
    countRows.map((c) => {
      // Each value narrows the list to it (zones by name, as the filter takes them).
      const value = by === 'zone' ? c.label || c.value : c.value;
      const narrowed = new URLSearchParams(params);
      narrowed.delete('cursor');
      narrowed.delete(`${by}~neq`);
      narrowed.set(by, value);
      return el('tr', {}, el('td', {}, el('a', { href: link('/insights', narrowed) }, value)), el('td', {}, c.count));
    }),
    2,
    'nothing to count',
  );
}

async function exportAs(format) {
  const { params } = currentRoute();
  const accountId = chosenAccount(params.get('account'));
  const query = await apiQuery(accountId, params);
  query.set('format', format);
  const result = $('#insights-summary');
  const bytes = await download(`/accounts/${accountId}/insights/export?${query}`, `insights.${format}`);
  result.textContent = `Exported ${bytes} bytes as insights.${format}.`;
}

/** Wires the form once; each change becomes a URL (a history entry), which shows the page. */
export function setUpInsights(onError) {
  $('#insight-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    go('/insights', formParams());
  });
  $('#count-by').addEventListener('change', () =>
    go('/insights', { ...Object.fromEntries(currentRoute().params), by: $('#count-by').value, cursor: undefined }),
  );
  $('#export-csv').addEventListener('click', () => exportAs('csv').catch(onError));
  $('#export-ndjson').addEventListener('click', () => exportAs('ndjson').catch(onError));
}
