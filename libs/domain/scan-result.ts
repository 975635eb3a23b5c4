import { fingerprintOf } from './fingerprint';
import type { CheckerOutcome } from './insight';
import type { LaneObservation } from './lanes';
import { LANES, type Lane } from './lane-names';
import { isUuid } from './uuid';
import { isSeverity, type Severity } from './severity';
import { checkJsonDetails, checkText, sanitizeText, TEXT_LIMITS } from './text-safety';

/** What one zone scan produced, as the persist activity receives it. */
export interface ScanResult {
  workflowId: string;
  runId: string;
  zoneId: string;
  lane: Lane;
  startedAt: Date;
  finishedAt: Date;
  outcomes: CheckerOutcome[];
  /** The lane move this scan observed, applied to its zone in the same transaction. */
  laneObservation?: LaneObservation;
}

/** One insight row to upsert, validated and fingerprinted; `details` is JSON text. */
export interface InsightRowInput {
  zoneId: string;
  checker: string;
  kind: string;
  subject: string;
  fingerprint: string;
  severity: Severity;
  title: string;
  details: string;
}

/** What one checker of a scan did, as the scan's history shows it. */
export type CheckerSummary =
  { checker: string; status: 'completed'; findings: number } | { checker: string; status: 'failed'; error: string };

/** A scan result checked at the boundary: every string is safe for UNNEST and COPY alike. */
export interface PreparedScan {
  result: ScanResult;
  rows: InsightRowInput[];
  /** Checkers that completed: their open insights not found in `rows` resolve. */
  completedCheckers: string[];
  outcome: 'completed' | 'partial' | 'failed';
  error: string | null;
  /** Each checker's outcome (findings counted, errors cleaned), stored on the scan row. */
  checkers: CheckerSummary[];
  /** Who the audit trail names for changes made by this scan. */
  actor: string;
}

/** Thrown when a scan result is malformed; nothing of it was written. */
export class InvalidScanResultError extends Error {
  override readonly name = 'InvalidScanResultError';
}

/** A bound on one scan's findings: a zone with more is a misbehaving checker, not data. */
export const MAX_FINDINGS_PER_SCAN = 100_000;

/**
 * Validates and flattens a scan result before any write: rejects what PostgreSQL would
 * refuse or silently change (NUL bytes, lone UTF-16 surrogates, oversized or too deeply
 * nested values), and fingerprints each finding. Checker error messages are diagnostics,
 * so they are cleaned and truncated rather than rejected.
 */
export function prepareScanResult(result: ScanResult): PreparedScan {
  const where = `scan result of workflow ${JSON.stringify(String(result?.workflowId).slice(0, 200))}`;
  const fail = (message: string): never => {
    throw new InvalidScanResultError(`${where}: ${message}`);
  };
  if (typeof result.zoneId !== 'string' || !isUuid(result.zoneId)) fail('zoneId must be a UUID');
  for (const [name, value] of [
    ['workflowId', result.workflowId],
    ['runId', result.runId],
  ] as const) {
    const problem = checkText(value, TEXT_LIMITS.id);
    if (problem) fail(`${name} ${problem}`);
  }
  if (!(LANES as readonly string[]).includes(result.lane)) fail(`lane must be one of ${LANES.join(', ')}`);
  for (const [name, value] of [
    ['startedAt', result.startedAt],
    ['finishedAt', result.finishedAt],
  ] as const) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(`${name} must be a valid date`);
  }
  if (!Array.isArray(result.outcomes)) fail('outcomes must be an array');

  const byFingerprint = new Map<string, InsightRowInput>();
  const completed = new Set<string>();
  const failed: string[] = [];
  const checkers: CheckerSummary[] = [];
  for (const outcome of result.outcomes) {
    const checkerProblem = checkText(outcome?.checker, TEXT_LIMITS.checker);
    if (checkerProblem) fail(`checker name ${checkerProblem}`);
    if (outcome.status === 'failed') {
      const error = sanitizeText(String(outcome.error), TEXT_LIMITS.error);
      failed.push(`${outcome.checker}: ${error}`);
      checkers.push({ checker: outcome.checker, status: 'failed', error });
      continue;
    }
    if (outcome.status !== 'completed' || !Array.isArray(outcome.findings))
      fail(`checker ${outcome.checker} has no valid status`);
    completed.add(outcome.checker);
    checkers.push({ checker: outcome.checker, status: 'completed', findings: outcome.findings.length });
    if (byFingerprint.size + outcome.findings.length > MAX_FINDINGS_PER_SCAN)
      fail(`more than ${MAX_FINDINGS_PER_SCAN} findings`);
    outcome.findings.forEach((finding, index) => {
      const at = `checker ${outcome.checker}, finding ${index}`;
      for (const field of ['kind', 'subject', 'title'] as const) {
        const problem = checkText(finding?.[field], TEXT_LIMITS[field]);
        if (problem) fail(`${at}: ${field} ${problem}`);
      }
      if (!isSeverity(finding.severity)) fail(`${at}: severity must be one of critical, high, moderate, low, info`);
      const details = checkJsonDetails(finding.details);
      if ('problem' in details) return fail(`${at}: details ${details.problem}`);
      const fingerprint = fingerprintOf(outcome.checker, finding.kind, finding.subject);
      // A checker reporting the same finding twice in one scan is one insight.
      byFingerprint.set(fingerprint, {
        zoneId: result.zoneId,
        checker: outcome.checker,
        kind: finding.kind,
        subject: finding.subject,
        fingerprint,
        severity: finding.severity,
        title: finding.title,
        details: details.json,
      });
    });
  }
  return {
    result,
    rows: [...byFingerprint.values()],
    completedCheckers: [...completed],
    outcome: failed.length === 0 ? 'completed' : completed.size === 0 ? 'failed' : 'partial',
    error: failed.length ? sanitizeText(failed.join('; '), TEXT_LIMITS.error) : null,
    checkers,
    actor: `scan:${result.workflowId}`,
  };
}
