import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, findingOf, prepareScanResult, remediationOf } from '../../libs/domain';
import { buildScan } from '../support/scan-builders';

const zoneId = '0b8a3c1e-5f4d-4a2b-9c7d-1e2f3a4b5c6d';

describe('what the dashboard shows of a scan and an insight', () => {
  it('when a scan has a completed and a failed checker, then its summary keeps each checker with its findings or its error', () => {
    const prepared = prepareScanResult(
      buildScan(zoneId, [
        {
          checker: 'http',
          status: 'completed',
          findings: [findingOf('hsts-missing', 'a'), findingOf('csp-missing', 'a')],
        },
        { checker: 'dns', status: 'failed', error: 'resolver timed out\u0000' },
      ]),
    );
    expect(prepared.checkers).toEqual([
      { checker: 'http', status: 'completed', findings: 2 },
      // The error is cleaned like the scan's own error text: no NUL reaches PostgreSQL.
      { checker: 'dns', status: 'failed', error: 'resolver timed out\uFFFD' },
    ]);
    expect(prepared.error).toContain('dns: resolver timed out');
  });

  it('when a kind is in the finding-kinds table, then its remediation is the table’s; otherwise none', () => {
    expect(remediationOf('hsts-missing')).toBe(FINDING_KINDS['hsts-missing'].remediation);
    expect(remediationOf('synthetic-weak-cipher')).toBeNull();
    expect(remediationOf('constructor')).toBeNull();
  });
});
