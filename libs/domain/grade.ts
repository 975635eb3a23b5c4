import { SEVERITIES, type Severity } from './severity';

/**
 * A zone's grade, A+ … F, from its open insights, after Mozilla's HTTP Observatory: start at
 * 100, subtract per finding kind the points of its worst open severity (a kind counts once, so
 * twenty cookies without Secure cost what one does), never below 0. Any open critical insight
 * caps the score at 39 (a D at best): an expired certificate or a takeover-ready CNAME is not
 * offset by good headers. The letter follows the score by the Observatory's thresholds, so
 * sorting by score sorts by grade. Dismissed and resolved insights do not count. Deterministic:
 * the same open insights always give the same grade.
 */
export const GRADE_PENALTIES: Readonly<Record<Severity, number>> = {
  critical: 50,
  high: 20,
  moderate: 10,
  low: 4,
  info: 0,
};

/** The highest score a zone with an open critical insight can have. */
export const CRITICAL_SCORE_CAP = 39;

/** Lowest score of each grade, best first (the Observatory's chart). */
export const GRADE_THRESHOLDS: ReadonlyArray<{ grade: Grade; minScore: number }> = [
  { grade: 'A+', minScore: 100 },
  { grade: 'A', minScore: 90 },
  { grade: 'A-', minScore: 85 },
  { grade: 'B+', minScore: 80 },
  { grade: 'B', minScore: 70 },
  { grade: 'B-', minScore: 65 },
  { grade: 'C+', minScore: 60 },
  { grade: 'C', minScore: 50 },
  { grade: 'C-', minScore: 45 },
  { grade: 'D+', minScore: 40 },
  { grade: 'D', minScore: 30 },
  { grade: 'D-', minScore: 25 },
  { grade: 'F', minScore: 0 },
];

export const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/** What a grade is made of: the points each finding kind cost, worst first. */
export interface GradeReport {
  grade: Grade;
  score: number;
  deductions: Array<{ kind: string; severity: Severity; points: number }>;
  /** Set when an open critical insight capped the score. */
  cappedBy?: string;
}

/** The letter of a score (0–100). */
export function gradeForScore(score: number): Grade {
  return (GRADE_THRESHOLDS.find((t) => score >= t.minScore) ?? { grade: 'F' as const }).grade;
}

/** Grades a zone from its open insights (kind and severity are all that count). */
export function gradeOf(openInsights: ReadonlyArray<{ kind: string; severity: Severity }>): GradeReport {
  const worst = new Map<string, Severity>();
  for (const { kind, severity } of openInsights) {
    const seen = worst.get(kind);
    if (seen === undefined || SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(seen)) worst.set(kind, severity);
  }
  const deductions = [...worst.entries()]
    .map(([kind, severity]) => ({ kind, severity, points: GRADE_PENALTIES[severity] }))
    .sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
  let score = Math.max(0, 100 - deductions.reduce((sum, d) => sum + d.points, 0));
  const critical = deductions.find((d) => d.severity === 'critical');
  if (critical) score = Math.min(score, CRITICAL_SCORE_CAP);
  return { grade: gradeForScore(score), score, deductions, ...(critical ? { cappedBy: critical.kind } : {}) };
}

/** The grading rule as the writer's SQL takes it (libs/db/zones/zone-grade.sql.ts): one table, two uses. */
export function gradeSqlParams(): { severities: string[]; points: number[]; minScores: number[]; grades: string[] } {
  return {
    severities: [...SEVERITIES],
    points: SEVERITIES.map((severity) => GRADE_PENALTIES[severity]),
    minScores: GRADE_THRESHOLDS.map((t) => t.minScore),
    grades: GRADE_THRESHOLDS.map((t) => t.grade),
  };
}
