/** Stable codes of worker-versioning failures: the CLI branches on them, never on message text. */
export const WORKER_DEPLOYMENT_ERRORS = {
  unsupported: 'WorkerVersioningUnsupported',
  unknownVersion: 'WorkerDeploymentVersionUnknown',
  rejected: 'WorkerDeploymentRejected',
} as const;

/** Thrown when the Temporal server has no Worker Deployment API (older than 1.28, or turned off there). */
export class WorkerVersioningUnsupportedError extends Error {
  override readonly name = 'WorkerVersioningUnsupportedError';
  readonly code = WORKER_DEPLOYMENT_ERRORS.unsupported;
  constructor(address: string, serverMessage: string) {
    super(
      `the Temporal server at ${address} does not support Worker Deployments (${serverMessage}); ` +
        'worker versioning needs server 1.28 or later with deployment versions enabled. ' +
        'Unset WORKER_DEPLOYMENT_NAME to run the workers unversioned.',
    );
  }
}

/** Thrown when a build id has no version in the deployment: no worker of that build has polled yet. */
export class WorkerDeploymentVersionUnknownError extends Error {
  override readonly name = 'WorkerDeploymentVersionUnknownError';
  readonly code = WORKER_DEPLOYMENT_ERRORS.unknownVersion;
  constructor(
    readonly deploymentName: string,
    readonly buildId: string,
    known: string[],
  ) {
    super(
      `deployment "${deploymentName}" has no build "${buildId}" (known: ${known.length > 0 ? known.join(', ') : 'none'}). ` +
        'Start workers with WORKER_BUILD_ID set to it first: a build is known once its workers poll.',
    );
  }
}

/** Thrown when the server refused a routing change; the message is the server's, with what was asked. */
export class WorkerDeploymentRejectedError extends Error {
  override readonly name = 'WorkerDeploymentRejectedError';
  readonly code = WORKER_DEPLOYMENT_ERRORS.rejected;
}
