import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import { StartupError, type Logger } from '../config';
import { WorkerDeployment, WorkerVersioningUnsupportedError } from '../temporal';

/**
 * After a versioned worker set runs (its polls register the build): makes the build current if
 * the deployment has none yet (first deploy) and logs which build the worker serves and whether
 * it is current. A server without Worker Deployments stops the worker with the server's error.
 */
export async function joinWorkerDeployment(options: {
  client: Client;
  address: string;
  deployment: { deploymentName: string; buildId: string };
  log: Logger;
  timeoutMs?: number;
}): Promise<{ currentBuildId: string; setNow: boolean }> {
  const { deploymentName, buildId } = options.deployment;
  const deployment = new WorkerDeployment({
    client: options.client,
    deploymentName,
    address: options.address,
    identity: `security-insights-worker ${buildId} ${process.pid}@${hostname()}`,
  });
  let result: { currentBuildId: string; setNow: boolean };
  try {
    result = await deployment.ensureCurrent(buildId, options.timeoutMs);
  } catch (error) {
    if (error instanceof WorkerVersioningUnsupportedError)
      throw new StartupError('WORKER_DEPLOYMENT_NAME', error.message);
    throw error;
  }
  const fields = {
    deploymentName,
    buildId,
    currentBuildId: result.currentBuildId,
    current: result.currentBuildId === buildId,
  };
  if (result.setNow) {
    options.log.info(
      fields,
      `worker serves build ${buildId} of deployment ${deploymentName}; the deployment had no current version, so this build is now current (first deploy)`,
    );
  } else if (result.currentBuildId === buildId) {
    options.log.info(fields, `worker serves build ${buildId} of deployment ${deploymentName}, the current version`);
  } else {
    options.log.warn(
      fields,
      `worker serves build ${buildId} of deployment ${deploymentName}, which is not current (${result.currentBuildId} is): it runs only workflows pinned to ${buildId}, nothing new, until promoted with npm run cli -- versioning promote ${buildId}`,
    );
  }
  return result;
}
