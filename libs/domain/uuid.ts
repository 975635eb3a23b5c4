/** Ids of accounts, zones and keys are UUIDs; every boundary checks them with this one rule. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID (any case; PostgreSQL compares them lower-cased). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
