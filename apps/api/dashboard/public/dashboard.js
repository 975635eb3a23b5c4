// The dashboard reads the same API users call, with a key entered once (kept in localStorage).
'use strict';
const SEVERITY_COLOURS = { critical: '#8a1c1c', high: '#d9480f', moderate: '#f59f00', low: '#1c7ed6', info: '#868e96' };
const SEVERITIES = Object.keys(SEVERITY_COLOURS);
const charts = {};
const $ = (selector) => document.querySelector(selector);

function apiKey() {
  return localStorage.getItem('si-api-key') || '';
}

async function api(path, init = {}) {
  const headers = { ...(init.headers || {}), ...(apiKey() ? { authorization: `Bearer ${apiKey()}` } : {}) };
  const response = await fetch(path, { ...init, headers });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const reason =
      typeof body === 'object'
        ? (body.errors && body.errors[0] && body.errors[0].message) || body.message || JSON.stringify(body)
        : body;
    throw Object.assign(new Error(`${path}: ${response.status} ${reason}`), { status: response.status });
  }
  // Answers come in the Cloudflare-style envelope { success, errors, messages, result }.
  return typeof body === 'object' && body && 'result' in body ? body.result : body;
}

function showError(error) {
  const element = $('#error');
  element.hidden = !error;
  element.textContent = error ? String(error.message || error) : '';
}

// Says where a key comes from while there is none, or the one entered is refused.
function showKeyHelp(show) {
  $('#key-help').hidden = !show;
}

function draw(id, config) {
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].update();
    return;
  }
  charts[id] = new Chart(document.getElementById(id), config);
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
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
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
    options: { animation: false },
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
    options: { animation: false, scales: { y: { beginAtZero: true } } },
  });
  draw('kinds-chart', {
    type: 'bar',
    data: {
      labels: stats.topKinds.map((k) => k.kind),
      datasets: [{ label: 'open', data: stats.topKinds.map((k) => k.count), backgroundColor: '#5b6475' }],
    },
    options: { animation: false, indexAxis: 'y' },
  });
  const rows = stats.topCriticalZones.map((zone) => {
    const query = encodeURIComponent(`ZoneId="${zone.zoneId}"`);
    const link = stats.temporalUiUrl
      ? `<a href="${stats.temporalUiUrl}/namespaces/${stats.namespace}/workflows?query=${query}" target="_blank" rel="noopener">runs</a>`
      : '–';
    const name = document.createElement('span');
    name.textContent = zone.name;
    return `<tr><td>${name.innerHTML}</td><td>${zone.count}</td><td>${link}</td></tr>`;
  });
  $('#zones-table tbody').innerHTML = rows.join('') || '<tr><td colspan="3">no critical insights</td></tr>';
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

async function refresh() {
  try {
    await refreshStats();
    await refreshScheduler();
    showError(null);
    showKeyHelp(false);
  } catch (error) {
    showError(error);
    showKeyHelp(error.status === 401);
  }
}

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem('si-api-key', $('#api-key').value.trim());
  refresh();
});

$('#frequency-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = $('#frequency-result');
  try {
    await api('/scheduler/frequency', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frequency: $('#frequency').value.trim() }),
    });
    result.textContent = 'Frequency changed.';
    await refreshScheduler();
  } catch (error) {
    result.textContent = String(error.message || error);
  }
});

$('#api-key').value = apiKey();
showKeyHelp(!apiKey());
refresh();
setInterval(refresh, 10_000);
