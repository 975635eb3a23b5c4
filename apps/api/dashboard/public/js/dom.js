// Small DOM helpers: every text from the API goes in as text, never as HTML.

export const $ = (selector) => document.querySelector(selector);

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces a table body's rows; `empty` is the text of the one row shown when there are none. */
export function fillTable(tbody, rows, columns, empty) {
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: columns }, empty))]));
}

/** A definition list from [term, value] pairs (values may be nodes). */
export function fillDefinitions(dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value ?? '–')]));
}

/** A time as the reader's local date and time; '–' for none. */
export function when(value) {
  return value ? new Date(value).toLocaleString() : '–';
}

/** A duration in ms as "850 ms", "12.3 s" or "2.1 min". */
export function duration(ms) {
  if (ms == null) return '–';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function severityBadge(severity) {
  return el('span', { class: `badge sev-${severity}` }, severity);
}
