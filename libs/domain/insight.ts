import type { Severity } from './severity';

/** One thing a checker found on a zone. `kind` is a stable, named result. */
export interface Finding {
  kind: string;
  subject: string;
  severity: Severity;
  title: string;
  /** What to do about it; the finding-kinds table supplies it for catalogued kinds. */
  remediation?: string;
  details: Record<string, unknown>;
}

/** What one checker reported for one zone scan: it completed (with findings) or it failed. */
export type CheckerOutcome =
  { checker: string; status: 'completed'; findings: Finding[] } | { checker: string; status: 'failed'; error: string };

export const INSIGHT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type InsightStatus = (typeof INSIGHT_STATUSES)[number];
