// The dashboard reads the same API users call, with a key entered once (kept in localStorage).

/** The key the page calls the API with. */
export function apiKey() {
  return localStorage.getItem('si-api-key') || '';
}

export function setApiKey(key) {
  localStorage.setItem('si-api-key', key);
}

function reasonOf(body) {
  if (typeof body !== 'object' || !body) return String(body);
  const first = body.errors && body.errors[0];
  if (first) return first.field ? `${first.message} (${first.field})` : first.message;
  return body.message || JSON.stringify(body);
}

async function call(path, init = {}) {
  const headers = { ...(init.headers || {}), ...(apiKey() ? { authorization: `Bearer ${apiKey()}` } : {}) };
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
    throw Object.assign(new Error(`${response.status} ${reasonOf(body)}`), { status: response.status, path });
  }
  return response;
}

/** The whole answer envelope ({ result, result_info }) of a JSON route. */
export async function apiEnvelope(path, init = {}) {
  return (await call(path, init)).json();
}

/** The `result` of a JSON route; errors carry the HTTP status and the API's message. */
export async function api(path, init = {}) {
  const body = await apiEnvelope(path, init);
  return body && typeof body === 'object' && 'result' in body ? body.result : body;
}

/** Sends a JSON body with `method` and returns the result. */
export function send(method, path, body) {
  return api(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Downloads a streamed export as a file: the route needs the bearer key, which a plain link
 * cannot send, so the page fetches it and hands the browser the bytes.
 */
export async function download(path, fileName) {
  const blob = await (await call(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return blob.size;
}
