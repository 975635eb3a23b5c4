import { ConfigError, loadConfig } from '../../libs/config';

/** The ConfigError problems that loading this environment reports; fails when it loads fine. */
export function configProblemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
