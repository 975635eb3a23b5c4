/**
 * The one rule for a new zone's first scan, as SQL: a uniformly random moment within one
 * frequency from now, so onboarding a large account (or many) never bunches scans. `param`
 * is the placeholder of the frequency in seconds; a frequency of 0 makes the zone due now.
 */
export function jitteredNextScanSql(param: string): string {
  return `now() + random() * ${param} * interval '1 second'`;
}

/**
 * The same rule within the zone's plan: a random moment within the plan's frequency, or within
 * `param` seconds when that is shorter (a scheduler running one frequency for every plan, see
 * SchedulerStatus.frequencyMode, only takes zones due within its frequency).
 */
export function jitteredPlanNextScanSql(param: string, planExpr: string): string {
  return `now() + random() * LEAST(${param}::float8, (SELECT p.frequency_seconds FROM plans p WHERE p.name = ${planExpr})) * interval '1 second'`;
}
