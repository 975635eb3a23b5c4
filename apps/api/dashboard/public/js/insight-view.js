// One insight: what it is, what to do, when it was seen, its audit trail, and triage.
import { api, send } from './api.js';
import { $, el, fillDefinitions, fillTable, severityBadge, when } from './dom.js';
import { link } from './router.js';

let shown = null;

function render(insight, accountId) {
  shown = { insight, accountId };
  $('#insight-title').textContent = insight.title;
  fillDefinitions($('#insight-details'), [
    ['Zone', el('a', { href: link(`/zones/${insight.zoneId}`) }, insight.zoneName || insight.zoneId)],
    ['Severity', severityBadge(insight.severity)],
    ['Status', insight.status],
    ['Dismissed until', insight.status === 'dismissed' ? when(insight.dismissedUntil) : null],
    ['Classification', insight.classification],
    ['Rationale', insight.rationale],
    ['Kind', insight.kind],
    ['Checker', insight.checker],
    ['Subject', insight.subject],
    ['First seen', when(insight.firstSeenAt)],
    ['Last seen', when(insight.lastSeenAt)],
    ['Resolved', when(insight.resolvedAt)],
    ['Reopened', `${insight.reopenCount} times`],
  ]);
  $('#insight-remediation').textContent =
    insight.remediation || 'No remediation on file for this kind (synthetic findings have none).';
  $('#insight-raw').textContent = JSON.stringify(insight.details, null, 2);
  $('#undismiss-button').hidden = insight.status !== 'dismissed';
  $('#dismiss-button').hidden = insight.status === 'dismissed';
  $('#classification').value = insight.classification || 'false_positive';
  $('#rationale').value = insight.rationale || '';
  fillTable(
    $('#audit-table tbody'),
    insight.audit.map((entry) =>
      el(
        'tr',
        {},
        el('td', {}, when(entry.changedAt)),
        el('td', {}, entry.field),
        el('td', {}, entry.oldValue ?? '–'),
        el('td', {}, entry.newValue ?? '–'),
        el('td', {}, entry.actor),
      ),
    ),
    5,
    'no changes yet',
  );
}

/** Shows the insight of the route #/insights/<accountId>/<insightId>. */
export async function showInsight(accountId, insightId) {
  $('#triage-result').textContent = '';
  $('#back-to-insights').href = link('/insights', { account: accountId });
  render(await api(`/accounts/${accountId}/insights/${insightId}`), accountId);
}

async function triage(action, body, done) {
  const result = $('#triage-result');
  try {
    const { insight, accountId } = shown;
    const updated = await send('PUT', `/accounts/${accountId}/insights/${insight.id}/${action}`, body);
    render(updated, accountId);
    result.textContent = done(updated);
  } catch (error) {
    result.textContent = `Not changed: ${error.message}`;
  }
}

/** Wires the triage forms once; each answer re-renders the page from what the API returned. */
export function setUpInsight() {
  $('#dismiss-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const date = $('#dismiss-until').value;
    const body = date ? { dismiss: true, until: new Date(`${date}T00:00:00`).toISOString() } : { dismiss: true };
    triage('dismiss', body, (i) => (i.dismissedUntil ? `Dismissed until ${when(i.dismissedUntil)}.` : 'Dismissed.'));
  });
  $('#undismiss-button').addEventListener('click', () =>
    triage('dismiss', { dismiss: false }, (i) => `Undismissed: the insight is ${i.status} again.`),
  );
  $('#classify-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const classification = $('#classification').value || null;
    const rationale = $('#rationale').value.trim();
    triage('classification', { classification, ...(rationale ? { rationale } : {}) }, (i) =>
      i.classification ? `Classified as ${i.classification}.` : 'Classification cleared.',
    );
  });
}
