/** Zone names are DNS names: what a customer onboards and what the checkers resolve. */
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
