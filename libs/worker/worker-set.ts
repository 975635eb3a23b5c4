import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createNotificationActivities, createScanActivities, createSchedulerActivities } from '../../activities';
import type { Checker } from '../checkers';
import type { Config, LaneSlots, Logger } from '../config';
import { laneTaskQueue, notificationTaskQueue, schedulerTaskQueue } from '../contract';
import { createScanCommitter } from '../db';
import { heartbeatThrottleMs, laneBudgetMs, type Lane } from '../domain';
import type { DeliveryDeps } from '../notify';
import type { WorkerMetrics } from '../observability';
import { bundleWorkflows } from './workflow-bundle';

/** `notify`: the notification dispatcher and deliveries; processes serving `scheduler` serve it too (withNotify). */
export type WorkerRole = 'scheduler' | 'notify' | Lane;

/** The roles a process runs for its configured lanes: the scheduler lane brings the notification queue along. */
export function withNotify(lanes: ReadonlyArray<'scheduler' | Lane>): WorkerRole[] {
  return lanes.includes('scheduler') ? [...lanes, 'notify'] : [...lanes];
}

export interface WorkerSetOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueuePrefix: string;
  roles: WorkerRole[];
  pool: Pool;
  checkers: ReadonlyMap<string, Checker>;
  /** Budgets, promotion and per-lane slots (`config.lanes`). */
  lanes: Config['lanes'];
  log: Logger;
  /** Writer threshold and group-commit bounds (config.persist). */
  persist: Config['persist'];
  workflowBundle?: WorkflowBundleOption;
  /** What deliveries need besides the pool (required with the `notify` role). */
  notify?: Omit<DeliveryDeps, 'pool'> & { maxConcurrentDeliveries?: number };
  /** This process's metrics; absent: none recorded (tests that do not look at them). */
  metrics?: WorkerMetrics;
  /** How long running activities may take to finish after shutdown() before they are cancelled. */
  shutdownGraceSeconds?: number;
  /**
   * Worker versioning: every worker of the set polls as this build of this Temporal Worker
   * Deployment. Workflows are pinned to their build unless their definition says AUTO_UPGRADE
   * (workflows/*.workflow.ts). Absent: unversioned workers, as before.
   */
  deployment?: { deploymentName: string; buildId: string };
  /** SCHEDULER_EAGER_START: this process's claims start scans of the lanes it serves eagerly. */
  eagerStart?: boolean;
}

export interface WorkerSet {
  /** Resolves when every worker has stopped; rejects when one fails. */
  run(): Promise<void>;
  /** Stops polling; running tasks get the grace time, then are cancelled. Logs why and what runs. */
  shutdown(reason?: string): void;
  /** Each worker's task queue and state (health endpoint). */
  states(): Array<{ taskQueue: string; state: string }>;
}

/**
 * One Temporal worker per role: the scheduler lane runs the scheduler and its claim
 * activity; each scan lane runs scanZone and the scan activities on its own task queue with
 * its own activity and workflow-task slots, so fast and slow scans never share concurrency.
 */
export async function createWorkerSet(options: WorkerSetOptions): Promise<WorkerSet> {
  const workflowBundle = options.workflowBundle ?? (await bundleWorkflows());
  // One committer per process: the scans of both lanes share its groups and its connections.
  const committer = createScanCommitter(options.pool, {
    maxRows: options.persist.groupMaxRows,
    maxWaitMs: options.persist.groupMaxWaitMs,
    writer: { copyThreshold: options.persist.copyThreshold },
    log: options.log,
    onFlush: options.metrics ? (flush) => options.metrics?.groupCommitted(flush) : undefined,
  });
  const { metrics } = options;
  const scan = createScanActivities({
    checkers: options.checkers,
    committer,
    lanePolicy: options.lanes.policy,
    metrics,
  });
  const scheduler = createSchedulerActivities({
    pool: options.pool,
    lanePolicy: options.lanes.policy,
    metrics,
    // Eager start hands a scan's first task to this process: only for lanes it polls.
    eagerLanes: options.eagerStart
      ? options.roles.filter((role): role is Lane => role === 'fast' || role === 'slow')
      : [],
  });
  const workers = await Promise.all(
    options.roles.map((role) => {
      const common = {
        connection: options.connection,
        namespace: options.namespace,
        workflowBundle,
        ...(options.shutdownGraceSeconds !== undefined
          ? { shutdownGraceTime: options.shutdownGraceSeconds * 1000 }
          : {}),
        ...(options.deployment
          ? {
              workerDeploymentOptions: {
                version: options.deployment,
                useWorkerVersioning: true as const,
                defaultVersioningBehavior: 'PINNED' as const,
              },
            }
          : {}),
      };
      if (role === 'notify') {
        if (!options.notify) throw new Error('the notify role needs the notify options (net helpers, email sender)');
        return Worker.create({
          ...common,
          taskQueue: notificationTaskQueue(options.taskQueuePrefix),
          activities: createNotificationActivities({ pool: options.pool, ...options.notify }),
          // Each attempt holds a pooled connection for its destination slot (an advisory lock that
          // dies with the connection): at most half the pool, so scans and the API keep theirs.
          maxConcurrentActivityTaskExecutions:
            options.notify.maxConcurrentDeliveries ?? Math.max(2, Math.floor((options.pool.options.max ?? 10) / 2)),
        });
      }
      if (role === 'scheduler') {
        return Worker.create({
          ...common,
          taskQueue: schedulerTaskQueue(options.taskQueuePrefix),
          activities: scheduler,
        });
      }
      const slots: LaneSlots = options.lanes[role];
      return Worker.create({
        ...common,
        taskQueue: laneTaskQueue(options.taskQueuePrefix, role),
        activities: scan,
        maxConcurrentActivityTaskExecutions: slots.activities,
        // Fast-lane checks may run as local activities (FAST_LANE_LOCAL_ACTIVITIES): same limit.
        maxConcurrentLocalActivityExecutions: slots.activities,
        maxConcurrentWorkflowTaskExecutions: slots.workflowTasks,
        // Cancellation arrives in the answer to a heartbeat: the lane's budget bounds the gap.
        maxHeartbeatThrottleInterval: heartbeatThrottleMs(laneBudgetMs(options.lanes.policy, role)),
      });
    }),
  );
  options.log.info(
    { roles: options.roles, prefix: options.taskQueuePrefix, lanes: options.lanes, deployment: options.deployment },
    'workers created',
  );
  const inFlight = () =>
    workers.reduce(
      (sum, worker) => {
        const status = worker.getStatus();
        return {
          activities: sum.activities + status.numInFlightNonLocalActivities,
          localActivities: sum.localActivities + status.numInFlightLocalActivities,
          workflowTasks: sum.workflowTasks + status.numInFlightWorkflowActivations,
        };
      },
      { activities: 0, localActivities: 0, workflowTasks: 0 },
    );
  const graceSeconds = options.shutdownGraceSeconds ?? 0;
  let stopping:
    { at: number; reason: string; graceTimer: NodeJS.Timeout; atGraceEnd?: ReturnType<typeof inFlight> } | undefined;
  return {
    run: async () => {
      try {
        await Promise.all(workers.map((worker) => worker.run()));
      } finally {
        await committer.close();
        if (stopping) {
          clearTimeout(stopping.graceTimer);
          const seconds = Math.round((Date.now() - stopping.at) / 100) / 10;
          const cut = stopping.atGraceEnd;
          if (cut && cut.activities + cut.localActivities > 0) {
            options.log.warn(
              { seconds, graceSeconds, cancelled: cut },
              `workers stopped after the ${graceSeconds} s grace time: ${cut.activities + cut.localActivities} checks or persists still running were cancelled; their scans retry them on another worker`,
            );
          } else {
            options.log.info(
              { seconds, graceSeconds },
              `workers stopped in ${seconds} s; every running check and persist finished`,
            );
          }
        }
      }
    },
    states: () => workers.map((worker) => ({ taskQueue: worker.options.taskQueue, state: worker.getState() })),
    shutdown: (reason = 'shutdown requested') => {
      if (!stopping) {
        const running = inFlight();
        const graceTimer = setTimeout(() => {
          if (stopping) stopping.atGraceEnd = inFlight();
        }, graceSeconds * 1000);
        graceTimer.unref();
        stopping = { at: Date.now(), reason, graceTimer };
        options.log.info(
          { reason, running, graceSeconds },
          `${reason}: workers take no new tasks; ${running.activities + running.localActivities} running checks and persists get up to ${graceSeconds} s to finish, then are cancelled`,
        );
      }
      for (const worker of workers) {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      }
    },
  };
}
