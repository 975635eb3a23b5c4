/**
 * Zone names are DNS names: what a customer onboards and what the checkers resolve. This is
 * the one rule; the API, import, CLI and scan activity all use it.
 */
// RFC 1123 host names: labels of letters, digits and inner dashes, 1–63 characters, 253 in all.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Normalises a zone name (trim, lower case, no trailing dot) or says why it is not one. */
export function parseZoneName(raw: unknown): { name: string } | { error: string } {
  if (typeof raw !== 'string') return { error: 'must be a string' };
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  if (name.length === 0) return { error: 'must not be empty' };
  if (name.length > 253) return { error: `is ${name.length} characters; a DNS name has at most 253` };
  const labels = name.split('.');
  if (labels.length < 2) return { error: `"${name}" is not a domain name (expected something like example.com)` };
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) return { error: `label "${bad.slice(0, 70)}" must be 1-63 letters, digits or inner dashes` };
  return { name };
}

/** True when `name` is a zone name as stored: parseZoneName accepts it and changes nothing but case and a final dot. */
export function isValidZoneName(name: string): boolean {
  const parsed = parseZoneName(name);
  return 'name' in parsed && parsed.name === name.toLowerCase().replace(/\.$/, '');
}
