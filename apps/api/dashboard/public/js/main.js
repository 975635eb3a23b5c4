// Boot and routing: the key, who it is, then the page the URL names.
import { apiKey, setApiKey } from './api.js';
import { $ } from './dom.js';
import { setUpInsight, showInsight } from './insight-view.js';
import { setUpInsights, showInsights } from './insights-view.js';
import { setUpNotifications, showNotifications } from './notifications-view.js';
import { showOverview } from './overview.js';
import { currentRoute, go } from './router.js';
import { chosenAccount, loadSession, rememberAccount, session } from './session.js';
import { setUpZone, showZone } from './zone-view.js';
import { setUpZones, showZones } from './zones-view.js';

function showError(error) {
  const element = $('#error');
  element.hidden = !error;
  element.textContent = error ? String(error.message || error) : '';
}

// Says where a key comes from while there is none, or the one entered is refused.
function showKeyHelp(show) {
  $('#key-help').hidden = !show;
}

/** The view and loader of a route. */
function resolve({ segments }) {
  const [page, first, second] = segments;
  if (page === 'insights' && first && second) return { view: 'insight', load: () => showInsight(first, second) };
  if (page === 'insights') return { view: 'insights', load: showInsights };
  if (page === 'zones' && first) return { view: 'zone', load: () => showZone(first) };
  if (page === 'zones') return { view: 'zones', load: showZones };
  if (page === 'notifications') return { view: 'notifications', load: showNotifications };
  return { view: 'overview', load: () => showOverview({ isAdmin: session()?.scope === 'admin' }) };
}

let rendering = Promise.resolve();

/** Shows the URL's page; a refused key brings the key help back. */
async function render() {
  const route = currentRoute();
  const { view, load } = resolve(route);
  for (const element of document.querySelectorAll('[data-view]')) element.hidden = element.dataset.view !== view;
  for (const link of document.querySelectorAll('[data-nav]')) {
    const current = link.dataset.nav === view || `${link.dataset.nav}` === `${view}s`;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    if (!session()) await loadSession();
    if (route.params.get('account') && session().scope === 'admin')
      rememberAccount(chosenAccount(route.params.get('account')));
    await load();
    showError(null);
    showKeyHelp(false);
  } catch (error) {
    showError(error);
    showKeyHelp(error.status === 401 || !apiKey());
  }
}

function queueRender() {
  rendering = rendering.then(render, render);
  return rendering;
}

$('#key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  setApiKey($('#api-key').value.trim());
  try {
    await loadSession();
  } catch (error) {
    showError(error);
    showKeyHelp(true);
    return;
  }
  queueRender();
});

// An admin switching account: the page shows the same view for the other account.
$('#account-select').addEventListener('change', () => {
  const accountId = $('#account-select').value;
  rememberAccount(accountId);
  const { segments, params } = currentRoute();
  if (['insights', 'zones', 'notifications'].includes(segments[0])) {
    go(`/${segments[0]}`, {
      account: accountId,
      ...(segments[0] === 'zones' && params.get('q') ? { q: params.get('q') } : {}),
    });
  } else queueRender();
});

setUpInsights(showError);
setUpInsight();
setUpZones();
setUpZone();
setUpNotifications(showError);
window.addEventListener('hashchange', () => {
  queueRender().then(() => $('#view').focus({ preventScroll: true }));
});
$('#api-key').value = apiKey();
showKeyHelp(!apiKey());
queueRender();
// The overview refreshes itself; other pages change only when asked.
setInterval(() => {
  if (resolve(currentRoute()).view === 'overview' && session()) queueRender();
}, 10_000);
