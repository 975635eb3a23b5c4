// Who the key is: an account key sees its own account; an admin key picks one with the switch.
import { api } from './api.js';
import { $, el } from './dom.js';

const state = { me: null, accounts: [] };

/** The key's identity (GET /me) and the accounts it may see; throws when the key is refused. */
export async function loadSession() {
  state.me = await api('/me');
  state.accounts = await api('/accounts');
  const select = $('#account-select');
  select.replaceChildren(
    ...state.accounts.map((account) =>
      el('option', { value: account.id }, `${account.name} (${account.zoneCount} zones)`),
    ),
  );
  $('#account-switch').hidden = state.me.scope !== 'admin';
  const own = state.accounts.find((a) => a.id === state.me.accountId);
  $('#who').textContent =
    state.me.scope === 'admin' ? 'admin key' : `account key: ${own ? own.name : state.me.accountId}`;
  select.value = chosenAccount() || '';
  return state.me;
}

export function session() {
  return state.me;
}

export function temporalLinks() {
  return { uiUrl: state.me?.temporalUiUrl ?? null, namespace: state.me?.namespace ?? 'default' };
}

/**
 * The account the pages show: an account key's own; for an admin key the one in the URL,
 * else the last one switched to, else the first.
 */
export function chosenAccount(fromUrl) {
  if (!state.me) return null;
  if (state.me.scope === 'account') return state.me.accountId;
  const known = (id) => id && state.accounts.some((a) => a.id === id);
  if (known(fromUrl)) return fromUrl;
  const remembered = localStorage.getItem('si-account');
  if (known(remembered)) return remembered;
  return state.accounts[0]?.id ?? null;
}

export function rememberAccount(accountId) {
  localStorage.setItem('si-account', accountId);
  $('#account-select').value = accountId;
}

export function accountName(accountId) {
  return state.accounts.find((a) => a.id === accountId)?.name ?? accountId;
}
