// Hash routes: the URL holds the page and its filters (#/insights?severity=high), so a link
// can be shared and the back button returns to the previous filters.

/** The current route: its path segments and query parameters. */
export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

/** A hash link to a path with parameters (empty ones left out). */
export function link(path, params = {}) {
  const search = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [name, value] of entries)
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  const query = search.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

/** Goes to a route (a new history entry, so back returns here). */
export function go(path, params) {
  location.hash = link(path, params);
}
