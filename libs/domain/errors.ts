/**
 * Stable error type codes. Temporal carries them as `ApplicationFailure.type`; workflows,
 * activities, the API and tests branch on these strings, never on `instanceof`, which does
 * not survive the workflow sandbox.
 */
export const ERROR_TYPES = {
  /** The zone row no longer exists or is not active; scanning it cannot succeed. */
  zoneNotScannable: 'ZoneNotScannable',
  /** A scan result failed validation before any write. */
  invalidScanResult: 'InvalidScanResult',
  /** PostgreSQL refused a validated scan result (its zone is gone, a constraint failed); retrying cannot help. */
  scanResultRejected: 'ScanResultRejected',
  /** A zone name is not a DNS host name; no checker can scan it, retrying cannot help. */
  invalidZoneName: 'InvalidZoneName',
  /** A checker refused the target (for example it resolves to a private address); not retried. */
  targetRefused: 'TargetRefused',
  /** A scan names a checker this worker does not have; not retried. */
  unknownChecker: 'UnknownChecker',
  /** A checker failed in a way a retry may fix (timeout, connection reset); retried by policy. */
  checkFailed: 'CheckFailed',
  /** Checks ran past their lane's budget and were cancelled; on fast, the scan moves to slow. */
  laneBudgetExceeded: 'LaneBudgetExceeded',
  /** A scheduler control carried a value outside its allowed range. */
  invalidSchedulerInput: 'InvalidSchedulerInput',
  /** A scan was started with an input it cannot run by (a bad lane policy); not retried. */
  invalidScanInput: 'InvalidScanInput',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];
