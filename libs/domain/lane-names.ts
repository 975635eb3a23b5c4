/** The two scan lanes: fast (seconds) and slow (minutes); see lanes.ts for their rules. */
export const LANES = ['fast', 'slow'] as const;
export type Lane = (typeof LANES)[number];
