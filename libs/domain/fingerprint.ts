/**
 * Stable identity of an insight within its zone: the same (checker, kind, subject) always
 * maps to the same fingerprint, so a finding seen again updates its insight instead of
 * adding one. Pure 64-bit FNV-1a, because this module must also run inside the workflow
 * sandbox, which has no node:crypto; a collision needs two subjects in one zone and checker.
 */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** Fingerprint of a finding: 16 hex digits. */
export function fingerprintOf(checker: string, kind: string, subject: string): string {
  // Unit separators keep ("a", "bc") and ("ab", "c") apart.
  const text = `${checker}\u001f${kind}\u001f${subject}`;
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
