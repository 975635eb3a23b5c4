// One zone: grade, lane, scan history with each checker's outcome, open insights, actions.
import { api, send } from './api.js';
import { $, duration, el, fillDefinitions, fillTable, severityBadge, when } from './dom.js';
import { link } from './router.js';

let shown = null;

function checkers(scan) {
  if (!scan.checkers.length) return scan.error || '–';
  return el(
    'ul',
    { class: 'checkers' },
    scan.checkers.map((c) =>
      el(
        'li',
        { class: c.status === 'failed' ? 'failed' : 'completed', title: c.error || undefined },
        c.status === 'failed' ? `${c.checker}: failed (${c.error})` : `${c.checker}: ${c.findings} findings`,
      ),
    ),
  );
}

function runsUrl(zone) {
  if (!zone.temporalUiUrl) return null;
  const query = encodeURIComponent(`ZoneId="${zone.id}"`);
  return `${zone.temporalUiUrl}/namespaces/${encodeURIComponent(zone.namespace)}/workflows?query=${query}`;
}

function render(zone, openInsights) {
  shown = zone;
  $('#zone-name').textContent = zone.name;
  const open = zone.insightsByStatus.find((s) => s.value === 'open')?.count ?? 0;
  fillDefinitions($('#zone-details'), [
    ['Grade', zone.grade ? `${zone.grade} (score ${zone.score})` : 'not graded yet'],
    ['Status', zone.status],
    ['Lane', zone.lane],
    ['Last scan', when(zone.lastScanAt)],
    ['Next scan', zone.status === 'active' ? when(zone.nextScanAt) : 'not scheduled while paused'],
    ['Open insights', open],
  ]);
  $('#pause-resume').textContent = zone.status === 'paused' ? 'Resume' : 'Pause';
  $('#scan-now').disabled = zone.status !== 'active';
  const runs = runsUrl(zone);
  $('#zone-runs').hidden = !runs;
  if (runs) $('#zone-runs').href = runs;
  $('#zone-all-insights').href = link('/insights', { account: zone.accountId, zone: zone.name });
  $('#zone-insights').replaceChildren(
    ...(openInsights.length
      ? openInsights.map((i) =>
          el(
            'li',
            { dataset: { insightId: i.id } },
            severityBadge(i.severity),
            ' ',
            el('a', { href: link(`/insights/${zone.accountId}/${i.id}`) }, i.title),
          ),
        )
      : [el('li', {}, 'no open insights')]),
  );
  fillTable(
    $('#scan-history tbody'),
    zone.scans.map((scan) =>
      el(
        'tr',
        { dataset: { scanId: scan.id } },
        el('td', {}, when(scan.finishedAt)),
        el('td', {}, scan.lane),
        el('td', {}, duration(scan.durationMs)),
        el('td', { class: `outcome-${scan.outcome}` }, scan.outcome),
        el('td', {}, checkers(scan)),
        el('td', {}, scan.grade || '–'),
        el(
          'td',
          {},
          zone.temporalUiUrl
            ? el(
                'a',
                {
                  href: `${zone.temporalUiUrl}/namespaces/${encodeURIComponent(zone.namespace)}/workflows/${encodeURIComponent(scan.workflowId)}`,
                  target: '_blank',
                  rel: 'noopener',
                },
                'run',
              )
            : scan.workflowId,
        ),
      ),
    ),
    7,
    'not scanned yet',
  );
}

/** Shows the zone of #/zones/<id>. */
export async function showZone(zoneId) {
  $('#zone-result').textContent = '';
  await load(zoneId);
}

async function load(zoneId) {
  const [zone, openInsights] = await Promise.all([
    api(`/zones/${zoneId}`),
    api(`/zones/${zoneId}/insights?status=open&limit=100`),
  ]);
  render(zone, openInsights);
}

async function act(what, done) {
  const result = $('#zone-result');
  try {
    await what();
    await load(shown.id);
    result.textContent = done();
  } catch (error) {
    result.textContent = `Not done: ${error.message}`;
  }
}

/** After "scan now", reloads the zone until a newer scan lands (or a few minutes pass). */
function watchForScan(zoneId, previousScanId) {
  const started = Date.now();
  const timer = setInterval(async () => {
    if (!shown || shown.id !== zoneId || Date.now() - started > 180_000) return clearInterval(timer);
    try {
      await load(zoneId);
      if (shown.scans[0] && shown.scans[0].id !== previousScanId) {
        clearInterval(timer);
        $('#zone-result').textContent = `Scan landed: ${shown.scans[0].outcome} at ${when(shown.scans[0].finishedAt)}.`;
      }
    } catch {
      // The next round tries again; a lasting failure shows on the next action.
    }
  }, 2000);
}

export function setUpZone() {
  $('#scan-now').addEventListener('click', () => {
    const zoneId = shown.id;
    const previous = shown.scans[0]?.id;
    act(
      () => send('POST', `/zones/${zoneId}/scan`),
      () => 'Scan requested: it starts at the next scheduler tick and appears in the history when it lands.',
    ).then(() => watchForScan(zoneId, previous));
  });
  $('#pause-resume').addEventListener('click', () => {
    const status = shown.status === 'paused' ? 'active' : 'paused';
    act(
      () => send('PATCH', `/zones/${shown.id}`, { status }),
      () => (status === 'paused' ? 'Paused: the zone is not scanned until resumed.' : 'Resumed: scans continue.'),
    );
  });
}
