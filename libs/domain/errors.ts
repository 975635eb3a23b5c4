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
  /** A scheduler control carried a value outside its allowed range. */
  invalidSchedulerInput: 'InvalidSchedulerInput',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];
