import type { Config } from '../../libs/config';
import { createSyntheticChecker, DEFAULT_SYNTHETIC_OPTIONS, type Checker } from '../../libs/checkers';

/** The checkers a worker offers, by id. */
export function buildCheckers(config: Readonly<Config>): ReadonlyMap<string, Checker> {
  const synthetic = createSyntheticChecker({ ...DEFAULT_SYNTHETIC_OPTIONS, ...config.synthetic });
  return new Map([[synthetic.id, synthetic]]);
}
