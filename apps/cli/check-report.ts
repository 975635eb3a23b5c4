import { gradeOf, SEVERITIES, type CheckerOutcome, type Finding, type GradeReport } from '../../libs/domain';

export interface CheckReport {
  domain: string;
  startedAt: string;
  durationMs: number;
  outcomes: CheckerOutcome[];
  /**
   * The grade these findings give (libs/domain/grade.ts); `partial` when a checker failed, so
   * the grade lacks its part; null when no checker completed (nothing to grade).
   */
  grade: (GradeReport & { partial: boolean }) | null;
}

/** The grade of one check's findings, as a stored scan would grade the zone. */
export function gradeOfOutcomes(outcomes: CheckerOutcome[]): CheckReport['grade'] {
  const completed = outcomes.filter((o) => o.status === 'completed');
  if (completed.length === 0) return null;
  return { ...gradeOf(completed.flatMap((o) => o.findings)), partial: completed.length < outcomes.length };
}

/** The report as an operator reads it: one line per checker, then findings, most urgent first. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [
    `Security check of ${report.domain} (${report.outcomes.length} checkers, ${(report.durationMs / 1000).toFixed(1)} s)`,
    '',
  ];
  for (const outcome of report.outcomes) {
    lines.push(
      outcome.status === 'completed'
        ? `  ${outcome.checker.padEnd(5)} completed  ${outcome.findings.length} finding${outcome.findings.length === 1 ? '' : 's'}`
        : `  ${outcome.checker.padEnd(5)} FAILED     ${outcome.error}`,
    );
  }
  const findings = report.outcomes.flatMap((o) =>
    o.status === 'completed' ? o.findings.map((f) => ({ checker: o.checker, ...f })) : [],
  );
  findings.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.kind.localeCompare(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
  lines.push('', ...gradeLines(report.grade), '');
  if (findings.length === 0) lines.push('No findings.');
  for (const finding of findings) lines.push(...findingLines(finding));
  const failed = report.outcomes.filter((o) => o.status === 'failed').length;
  lines.push(
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'}${failed > 0 ? `; ${failed} checker(s) could not complete (see above)` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

function gradeLines(grade: CheckReport['grade']): string[] {
  if (!grade) return ['Grade: none (no checker completed, so there is nothing to grade)'];
  const lines = [
    `Grade: ${grade.grade} (${grade.score}/100)${grade.partial ? ', from the checkers that completed only' : ''}`,
  ];
  if (grade.cappedBy) lines.push(`  the critical finding ${grade.cappedBy} keeps the grade at D or below`);
  for (const d of grade.deductions.filter((d) => d.points > 0))
    lines.push(`  ${`-${d.points}`.padStart(3)}  ${d.kind} (${d.severity})`);
  return lines;
}

function findingLines(finding: Finding & { checker: string }): string[] {
  return [
    `${finding.severity.toUpperCase().padEnd(8)} ${finding.kind}  (${finding.checker})`,
    `         subject: ${finding.subject}`,
    `         ${finding.title}`,
    ...(finding.remediation ? [`         fix: ${finding.remediation}`] : []),
    ...(Object.keys(finding.details).length > 0 ? [`         details: ${compact(finding.details)}`] : []),
  ];
}

/** Details on one line, cut where a hostile server's header could flood the terminal. */
function compact(details: Record<string, unknown>): string {
  const text = JSON.stringify(details);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
