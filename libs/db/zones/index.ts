// The zones module: the only code that writes the `zones` table — its catalogue (onboarding,
// status), its schedule (claims, load, re-jitter) and what a finished scan changes on it (the
// insight writer runs that part inside its own statement).
export * from './zone-after-scan.sql';
export * from './zone-grade.sql';
export * from './zone-catalog.repository';
export * from './zone-next-scan.sql';
export * from './zone-schedule.repository';
export * from './zone-plan.repository';
export * from './zone-plan-claim.repository';
