import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, findingKindsMarkdown, findingOf, isSeverity } from '../../libs/domain';

describe('finding kinds table', () => {
  it('when the README is read, then it shows exactly the table in code (regenerate with findingKindsMarkdown())', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- finding-kinds:start -->');
    const end = readme.indexOf('<!-- finding-kinds:end -->');
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start + '<!-- finding-kinds:start -->'.length, end).trim()).toBe(findingKindsMarkdown());
  });

  it('when any kind is listed, then it is kebab-case with a known severity, a title and a remediation', () => {
    for (const [kind, info] of Object.entries(FINDING_KINDS)) {
      expect(kind).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(isSeverity(info.severity)).toBe(true);
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.remediation.length).toBeGreaterThan(10);
    }
  });

  it('when a finding is built from a kind, then severity, title and remediation come from the table', () => {
    expect(findingOf('dmarc-policy-none', '_dmarc.example.com', { record: 'v=DMARC1; p=none' })).toEqual({
      kind: 'dmarc-policy-none',
      subject: '_dmarc.example.com',
      severity: 'moderate',
      title: 'DMARC policy is p=none',
      remediation: 'After reviewing the aggregate reports, move the DMARC policy to p=quarantine, then p=reject.',
      details: { record: 'v=DMARC1; p=none' },
    });
  });
});
