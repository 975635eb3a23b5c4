export * from './duration';
export * from './errors';
export * from './finding-kinds';
export * from './fingerprint';
export * from './insight';
export * from './insight-filter';
export * from './lane-names';
export * from './scheduling';
export * from './severity';
export * from './scan-result';
export * from './text-safety';
export * from './zone-name';
export * from './special-use-names';
export * from './zone-import';
export * from './frequency';
export * from './schedule-simulation';
export * from './lanes';
export * from './scan-now';
export * from './uuid';
export * from './grade';
export * from './notification';
export * from './plan-rates';
export * from './plan-frequency';
export {
  capClaim,
  eagerFastLaneWorkflowTasks,
  FAST_LANE_WORKFLOW_TASKS_DEFAULT,
  FAST_LANE_WORKFLOW_TASKS_MAX,
  inFlightRoom,
  type CappedClaim,
} from './in-flight-cap';
export * from './claim-partitions';
export * from './adaptive-in-flight';
