// The overview: scan rate by lane, severities, trend, top kinds and zones, and the scheduler.
import { api, send } from './api.js';
import { $, el, fillTable } from './dom.js';
import { link } from './router.js';

const SEVERITY_COLOURS = { critical: '#8a1c1c', high: '#d9480f', moderate: '#f59f00', low: '#1c7ed6', info: '#868e96' };
const SEVERITIES = Object.keys(SEVERITY_COLOURS);
const charts = {};
// Charts fill their box (sized in CSS), so they never overflow a card at phone width.
const SIZING = { animation: false, responsive: true, maintainAspectRatio: false };

function draw(id, config) {
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].update();
    return;
  }
  charts[id] = new Chart(document.getElementById(id), { ...config, options: { ...SIZING, ...config.options } });
}

function formatSeconds(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '–';
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(seconds % 3600 ? 1 : 0)}h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(seconds % 60 ? 1 : 0)}m`;
  return `${Math.round(seconds)}s`;
}

async function refreshStats() {
  const stats = await api('/stats/dashboard');
  draw('scans-chart', {
    type: 'bar',
    data: {
      labels: stats.scansPerMinute.map((p) => p.minute.slice(11, 16)),
      datasets: [
        { label: 'fast', data: stats.scansPerMinute.map((p) => p.fast), backgroundColor: '#1c7ed6' },
        { label: 'slow', data: stats.scansPerMinute.map((p) => p.slow), backgroundColor: '#f59f00' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
  const bySeverity = Object.fromEntries(stats.openBySeverity.map((s) => [s.severity, s.count]));
  draw('severity-chart', {
    type: 'doughnut',
    data: {
      labels: SEVERITIES,
      datasets: [
        {
          data: SEVERITIES.map((s) => bySeverity[s] || 0),
          backgroundColor: SEVERITIES.map((s) => SEVERITY_COLOURS[s]),
        },
      ],
    },
  });
  draw('trend-chart', {
    type: 'line',
    data: {
      labels: stats.openTrend.map((d) => d.day.slice(5)),
      datasets: SEVERITIES.map((s) => ({
        label: s,
        data: stats.openTrend.map((d) => d.bySeverity[s] || 0),
        borderColor: SEVERITY_COLOURS[s],
        pointRadius: 0,
      })),
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
  draw('kinds-chart', {
    type: 'bar',
    data: {
      labels: stats.topKinds.map((k) => k.kind),
      datasets: [{ label: 'open', data: stats.topKinds.map((k) => k.count), backgroundColor: '#5b6475' }],
    },
    options: { indexAxis: 'y' },
  });
  const rows = stats.topCriticalZones.map((zone) => {
    const query = encodeURIComponent(`ZoneId="${zone.zoneId}"`);
    const runs = stats.temporalUiUrl
      ? el(
          'a',
          {
            href: `${stats.temporalUiUrl}/namespaces/${encodeURIComponent(stats.namespace)}/workflows?query=${query}`,
            target: '_blank',
            rel: 'noopener',
          },
          'runs',
        )
      : '–';
    return el(
      'tr',
      {},
      el('td', {}, el('a', { href: link(`/zones/${zone.zoneId}`) }, zone.name)),
      el('td', {}, zone.count),
      el('td', {}, runs),
    );
  });
  fillTable($('#zones-table tbody'), rows, 3, 'no critical insights');
}

async function refreshScheduler() {
  const status = await api('/scheduler');
  const set = (field, value) => {
    document.querySelector(`#scheduler [data-field="${field}"]`).textContent = value;
  };
  // The desired state (frequency, target, pause) shows at once; counts are the last tick's.
  set('frequency', formatSeconds(status.frequencySeconds));
  const target = status.targetRatePerSecond ?? status.ratePerSecond;
  set('target', target != null ? `${Number(target).toFixed(2)} scans/s` : '–');
  set(
    'achieved',
    status.achievedFrequencySeconds != null ? `every ${formatSeconds(status.achievedFrequencySeconds)}` : '–',
  );
  set('activeZones', status.activeZones ?? '–');
  set('backlog', status.dueBacklog ?? '–');
  set('asOf', status.lastTickAt != null ? new Date(status.lastTickAt).toLocaleTimeString() : 'no tick yet');
  set('state', status.paused ? 'paused' : 'running');
  // Per plan: target and achieved frequency (schedulers from before plans report none).
  set('mode', status.frequencyMode === 'plans' ? 'each plan at its own frequency' : 'one frequency for every plan');
  const plans = status.plans ?? [];
  const cell = (text) => {
    const td = document.createElement('td');
    td.textContent = text;
    return td.outerHTML;
  };
  $('#scheduler-plans tbody').innerHTML =
    plans
      .map(
        (plan) =>
          `<tr>${cell(plan.plan)}${cell(plan.activeZones)}${cell(`every ${formatSeconds(plan.frequencySeconds)}`)}${cell(
            plan.achievedFrequencySeconds != null
              ? `every ${formatSeconds(plan.achievedFrequencySeconds)}${plan.frequencyAchievable ? '' : ' (degraded)'}`
              : '–',
          )}</tr>`,
      )
      .join('') || '<tr><td colspan="4">no tick yet</td></tr>';
}

/** Draws the overview; the scheduler panel needs an admin key and says so otherwise. */
export async function showOverview({ isAdmin }) {
  await refreshStats();
  if (isAdmin) await refreshScheduler();
  else $('#scheduler [data-field="state"]').textContent = 'needs an admin key';
}

$('#frequency-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = $('#frequency-result');
  try {
    await send('PUT', '/scheduler/frequency', { frequency: $('#frequency').value.trim() });
    result.textContent = 'Frequency changed.';
    await refreshScheduler();
  } catch (error) {
    result.textContent = String(error.message || error);
  }
});
