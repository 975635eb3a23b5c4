import { SEVERITIES, type CheckerOutcome, type Finding } from '../../libs/domain';

export interface CheckReport {
  domain: string;
  startedAt: string;
  durationMs: number;
  outcomes: CheckerOutcome[];
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
  lines.push('');
  if (findings.length === 0) lines.push('No findings.');
  for (const finding of findings) lines.push(...findingLines(finding));
  const failed = report.outcomes.filter((o) => o.status === 'failed').length;
  lines.push(
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'}${failed > 0 ? `; ${failed} checker(s) could not complete (see above)` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
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
