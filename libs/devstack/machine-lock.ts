import { tmpdir } from 'node:os';
import path from 'node:path';
import { lock } from 'proper-lockfile';

/** Waiting for another holder took longer than `waitMs`. */
export class MachineLockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    cause: unknown,
  ) {
    super(`${lockPath}.lock: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Runs `work` holding a lock shared by every process of this machine (a lock file in the temp
 * directory), for one-time installs that must not run twice at once: builds of the Temporal CLI
 * and server, a browser install. A holder that died leaves a lock whose mtime stops moving: it
 * is taken over after 30 s. Waits up to `waitMs`, then throws MachineLockTimeoutError.
 */
export async function withMachineLock<T>(
  name: string,
  options: { waitMs: number; onCompromised?: (error: Error) => void },
  work: () => Promise<T>,
): Promise<T> {
  const lockPath = path.join(tmpdir(), name);
  const release = await lock(lockPath, {
    realpath: false,
    stale: 30_000,
    update: 10_000,
    retries: { retries: Math.ceil(options.waitMs / 5_000), factor: 1, minTimeout: 5_000, maxTimeout: 5_000 },
    ...(options.onCompromised ? { onCompromised: options.onCompromised } : {}),
  }).catch((error: unknown) => {
    throw new MachineLockTimeoutError(lockPath, error);
  });
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
