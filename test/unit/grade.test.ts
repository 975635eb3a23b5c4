import { describe, expect, it } from 'vitest';
import { gradeForScore, gradeOf, GRADE_THRESHOLDS, type Severity } from '../../libs/domain';

const open = (...pairs: Array<[string, Severity]>) => pairs.map(([kind, severity]) => ({ kind, severity }));

describe('zone grade', () => {
  it('when nothing (or only info) is open, then the grade is A+ with 100 points', () => {
    expect(gradeOf([])).toEqual({ grade: 'A+', score: 100, deductions: [] });
    expect(gradeOf(open(['referrer-policy-missing', 'info']))).toMatchObject({ grade: 'A+', score: 100 });
  });

  it('when findings are open, then each kind costs the points of its severity, worst first', () => {
    expect(
      gradeOf(open(['csp-missing', 'moderate'], ['hsts-missing', 'moderate'], ['mx-without-spf', 'high'])),
    ).toEqual({
      grade: 'C+',
      score: 60,
      deductions: [
        { kind: 'mx-without-spf', severity: 'high', points: 20 },
        { kind: 'csp-missing', severity: 'moderate', points: 10 },
        { kind: 'hsts-missing', severity: 'moderate', points: 10 },
      ],
    });
  });

  it('when one kind is open on many subjects, then it costs once, at its worst severity', () => {
    const cookies = Array.from({ length: 20 }, () => ['cookie-without-secure', 'low'] as [string, Severity]);
    expect(gradeOf(open(...cookies, ['cookie-without-secure', 'moderate']))).toMatchObject({
      score: 90,
      deductions: [{ kind: 'cookie-without-secure', severity: 'moderate', points: 10 }],
    });
  });

  it('when a critical insight is open, then the score is capped at 39 (D) whatever else is right', () => {
    expect(gradeOf(open(['tls-cert-expired', 'critical']))).toMatchObject({
      grade: 'D',
      score: 39,
      cappedBy: 'tls-cert-expired',
    });
  });

  it('when deductions pass 100, then the score stops at 0 and the grade is F', () => {
    const many = Array.from({ length: 8 }, (_, i) => [`k${i}`, 'high'] as [string, Severity]);
    expect(gradeOf(open(...many))).toMatchObject({ grade: 'F', score: 0 });
  });

  it.each([
    [100, 'A+'],
    [99, 'A'],
    [90, 'A'],
    [89, 'A-'],
    [85, 'A-'],
    [80, 'B+'],
    [72, 'B'],
    [65, 'B-'],
    [60, 'C+'],
    [50, 'C'],
    [45, 'C-'],
    [40, 'D+'],
    [30, 'D'],
    [25, 'D-'],
    [24, 'F'],
    [0, 'F'],
  ])('when the score is %i, then the grade is %s', (score, grade) => {
    expect(gradeForScore(score)).toBe(grade);
  });

  it('when the thresholds are listed, then they fall strictly from 100 to 0', () => {
    const mins = GRADE_THRESHOLDS.map((t) => t.minScore);
    expect(mins[0]).toBe(100);
    expect(mins.at(-1)).toBe(0);
    expect(mins.every((m, i) => i === 0 || m < (mins[i - 1] as number))).toBe(true);
  });
});
