import { afterAll, beforeAll } from 'vitest';

/**
 * Sets a resource up in `beforeAll` and tears it down in `afterAll` of the calling suite (the
 * whole file when called at its top level), and returns its reader. Resources registered later
 * are set up later and torn down earlier, so an API started on a database stops before the
 * database is dropped. The reader throws when used outside the suite's tests and hooks.
 */
export function useSuiteResource<T>(
  what: string,
  setUp: () => Promise<T>,
  tearDown: (resource: T) => Promise<void>,
): () => T {
  let resource: T | undefined;
  beforeAll(async () => {
    resource = await setUp();
  });
  afterAll(async () => {
    const current = resource;
    resource = undefined;
    if (current !== undefined) await tearDown(current);
  });
  return () => {
    if (resource === undefined)
      throw new Error(
        `${what} was read outside its suite's tests and hooks (before its beforeAll or after its afterAll)`,
      );
    return resource;
  };
}

/** Options given as a value, or as a function read when the suite's set-up runs. */
export type Deferred<T> = T | (() => T);

/** The options themselves; call only from a hook, once what they refer to is set up. */
export function resolveDeferred<T extends object>(value: Deferred<T>): T {
  // Option objects are never functions themselves, so a function here is the deferred form.
  return typeof value === 'function' ? (value as () => T)() : value;
}
