import { isGrpcServiceError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  WorkerDeploymentRejectedError,
  WorkerDeploymentVersionUnknownError,
  WorkerVersioningUnsupportedError,
} from './worker-deployment.errors';
import { TemporalUnavailableError } from './scheduler-control.errors';

/** The server's refusal to make current a build whose workers do not poll every queue of the current one. */
const MISSING_TASK_QUEUES = /missing active task queues/i;

/** gRPC status codes the Worker Deployment calls answer with. */
const GRPC = { invalidArgument: 3, notFound: 5, failedPrecondition: 9, unimplemented: 12, unavailable: 14 } as const;

/** One build of a deployment as the server sees it. */
export interface DeploymentVersionSummary {
  buildId: string;
  /** INACTIVE, CURRENT, RAMPING, DRAINING or DRAINED. */
  status: string;
  /** For a version no longer current: DRAINING while pinned runs remain on it, DRAINED after. */
  drainage?: string;
  createdAt?: string;
}

/** A deployment's routing: which build new and auto-upgrading workflows go to, and its builds. */
export interface DeploymentState {
  deploymentName: string;
  /** Undefined: no current version; new workflows go to unversioned workers (none, when all are versioned). */
  currentBuildId?: string;
  rampingBuildId?: string;
  rampingPercent: number;
  versions: DeploymentVersionSummary[];
  /** The server's token for this routing state: a change based on it fails if someone changed it since. */
  conflictToken: Uint8Array;
}

function enumName(values: Record<string, unknown>, value: number | null | undefined, prefix: string): string {
  const name = Object.keys(values).find((key) => values[key] === value);
  return name ? name.replace(prefix, '') : 'UNSPECIFIED';
}

function timestamp(value: { seconds?: unknown } | null | undefined): string | undefined {
  if (!value?.seconds) return undefined;
  return new Date(Number(value.seconds) * 1000).toISOString();
}

/**
 * A Temporal Worker Deployment (worker versioning) through the client's WorkflowService: what
 * `npm run cli -- versioning status|promote` shows and does, and what a versioned worker checks at
 * start-up. Every failure is one of the typed errors of worker-deployment.errors.ts.
 */
export class WorkerDeployment {
  constructor(
    private readonly options: {
      client: Client;
      deploymentName: string;
      /** Where the server is, for messages. */
      address: string;
      /** Who changes the routing (recorded by the server as the last modifier). */
      identity: string;
    },
  ) {}

  get deploymentName(): string {
    return this.options.deploymentName;
  }

  /** The deployment's routing and builds; undefined when no worker of it has polled yet. */
  async describe(): Promise<DeploymentState | undefined> {
    const { client, deploymentName } = this.options;
    const response = await this.call(
      () => client.workflowService.describeWorkerDeployment({ namespace: client.options.namespace, deploymentName }),
      { notFound: () => undefined },
    );
    if (!response) return undefined;
    const info = response.workerDeploymentInfo;
    const routing = info?.routingConfig;
    const statuses = temporal.api.enums.v1.WorkerDeploymentVersionStatus as unknown as Record<string, number>;
    const drainages = temporal.api.enums.v1.VersionDrainageStatus as unknown as Record<string, number>;
    return {
      deploymentName,
      currentBuildId: routing?.currentDeploymentVersion?.buildId || undefined,
      rampingBuildId: routing?.rampingDeploymentVersion?.buildId || undefined,
      rampingPercent: routing?.rampingVersionPercentage ?? 0,
      conflictToken: response.conflictToken ?? new Uint8Array(),
      versions: (info?.versionSummaries ?? []).map((summary) => {
        const drainage = summary.drainageInfo?.status ?? summary.drainageStatus;
        return {
          buildId: summary.deploymentVersion?.buildId ?? '',
          status: enumName(statuses, summary.status, 'WORKER_DEPLOYMENT_VERSION_STATUS_'),
          ...(drainage ? { drainage: enumName(drainages, drainage, 'VERSION_DRAINAGE_STATUS_') } : {}),
          ...(summary.createTime ? { createdAt: timestamp(summary.createTime) } : {}),
        };
      }),
    };
  }

  /**
   * Makes `buildId` the current version: new workflows and auto-upgrading ones (the scheduler,
   * notifications) go to its workers; pinned runs (scans) finish on the build that started them.
   * `basedOn`: the state this decision was made on; the change fails if the routing changed since.
   */
  async promote(buildId: string, basedOn?: DeploymentState): Promise<{ previousBuildId?: string }> {
    const { client, deploymentName, identity } = this.options;
    const state = basedOn ?? (await this.describe());
    const known = state?.versions.map((version) => version.buildId) ?? [];
    if (!state || !known.includes(buildId))
      throw new WorkerDeploymentVersionUnknownError(deploymentName, buildId, known);
    const response = await this.call(
      () =>
        client.workflowService.setWorkerDeploymentCurrentVersion({
          namespace: client.options.namespace,
          deploymentName,
          buildId,
          identity,
          conflictToken: state.conflictToken,
        }),
      { notFound: () => undefined },
    );
    if (!response) throw new WorkerDeploymentVersionUnknownError(deploymentName, buildId, known);
    return { previousBuildId: response.previousDeploymentVersion?.buildId || undefined };
  }

  /**
   * `promote`, waiting while the server refuses because the build's workers have not yet polled
   * every task queue the current build serves (it would leave those queues unversioned): right
   * after new workers start, their pollers reach the server one queue at a time. Any other
   * refusal, or the same one after `timeoutMs`, is thrown, the latter saying what to do.
   */
  async promoteWhenPolling(buildId: string, timeoutMs = 30_000): Promise<{ previousBuildId?: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.promote(buildId);
      } catch (error) {
        const missingQueues = error instanceof WorkerDeploymentRejectedError && MISSING_TASK_QUEUES.test(error.message);
        if (!missingQueues) throw error;
        if (Date.now() > deadline)
          throw new WorkerDeploymentRejectedError(
            `${error.message}. Build ${buildId}'s workers did not poll every task queue of the current build within ` +
              `${Math.round(timeoutMs / 1000)} s: start workers of build ${buildId} for every lane the current build serves, then promote again`,
          );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /**
   * At a versioned worker's start-up: waits until the server lists this worker's build (it does
   * once the worker polls), then makes it current if the deployment has no current version yet
   * (first deploy), so a fresh system does not wait for a promote before anything runs.
   */
  async ensureCurrent(buildId: string, timeoutMs = 30_000): Promise<{ currentBuildId: string; setNow: boolean }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.describe();
      if (state?.currentBuildId) return { currentBuildId: state.currentBuildId, setNow: false };
      if (state?.versions.some((version) => version.buildId === buildId)) {
        try {
          await this.promote(buildId, state);
          return { currentBuildId: buildId, setNow: true };
        } catch (error) {
          // Another worker changed the routing between our describe and our change: look again.
          if (!(error instanceof WorkerDeploymentRejectedError) || Date.now() > deadline) throw error;
        }
      } else if (Date.now() > deadline) {
        throw new WorkerDeploymentVersionUnknownError(
          this.options.deploymentName,
          buildId,
          state?.versions.map((version) => version.buildId) ?? [],
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async call<T, F>(request: () => Promise<T>, on: { notFound: () => F }): Promise<T | F> {
    try {
      return await request();
    } catch (error) {
      if (!isGrpcServiceError(error)) throw error;
      const message = error.details || error.message;
      switch (error.code) {
        case GRPC.notFound:
          // A missing namespace is a configuration problem, not a deployment nobody has polled yet.
          if (/namespace/i.test(message))
            throw new WorkerDeploymentRejectedError(
              `Temporal at ${this.options.address}: ${message}; set TEMPORAL_NAMESPACE to the workers' namespace`,
            );
          return on.notFound();
        case GRPC.unimplemented:
          throw new WorkerVersioningUnsupportedError(this.options.address, message);
        case GRPC.unavailable:
          throw new TemporalUnavailableError(
            `Temporal at ${this.options.address} did not answer (${message}); start it or check TEMPORAL_ADDRESS`,
          );
        case GRPC.invalidArgument:
        case GRPC.failedPrecondition:
          if (/deployment.*(disabled|not enabled)/i.test(message))
            throw new WorkerVersioningUnsupportedError(this.options.address, message);
          throw new WorkerDeploymentRejectedError(
            `Temporal refused the change to deployment "${this.options.deploymentName}": ${message}`,
          );
        default:
          throw error;
      }
    }
  }
}
