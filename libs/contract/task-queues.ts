import { LANES, type Lane } from '../domain';

/** Task queue of the scheduler workflow. */
export function schedulerTaskQueue(prefix: string): string {
  return `${prefix}-scheduler`;
}

/** Task queue of a scan lane. */
export function laneTaskQueue(prefix: string, lane: Lane): string {
  return `${prefix}-${lane}`;
}

/**
 * The prefix and lane of a lane task queue (`<prefix>-fast` → prefix, 'fast'); undefined for
 * any other queue. A scan workflow uses it to find the other lane of its own deployment.
 */
export function parseLaneTaskQueue(taskQueue: string): { prefix: string; lane: Lane } | undefined {
  for (const lane of LANES) {
    const suffix = `-${lane}`;
    if (taskQueue.endsWith(suffix) && taskQueue.length > suffix.length)
      return { prefix: taskQueue.slice(0, -suffix.length), lane };
  }
  return undefined;
}

/** The one scheduler per deployment has a fixed id, so starting it twice is harmless. */
export function schedulerWorkflowId(prefix: string): string {
  return `${prefix}-scheduler`;
}

/** One scan of one zone, per scheduler tick: a retried start finds the same id. */
export function scanWorkflowId(zoneId: string, tickId: string): string {
  return `scan:${zoneId}:${tickId}`;
}
