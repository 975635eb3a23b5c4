/**
 * The one rule for a new zone's first scan, as SQL: a uniformly random moment within one
 * frequency from now, so onboarding a large account (or many) never bunches scans. `param`
 * is the placeholder of the frequency in seconds; a frequency of 0 makes the zone due now.
 */
export function jitteredNextScanSql(param: string): string {
  return `now() + random() * ${param} * interval '1 second'`;
}
