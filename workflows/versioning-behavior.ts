import { workflowInfo } from '@temporalio/workflow';

/**
 * Definition options for worker versioning: `behavior` when the worker running the workflow is
 * versioned (WORKER_DEPLOYMENT_NAME set), nothing otherwise. Temporal refuses a workflow task
 * that names a versioning behaviour from an unversioned worker ("versioning behavior cannot be
 * specified without deployment options being set with versioned mode"), so a static option would
 * break every unversioned worker (npm start, the tests). Evaluated once per run, before it starts.
 */
export function whenVersioned(behavior: 'PINNED' | 'AUTO_UPGRADE'): () => { versioningBehavior?: typeof behavior } {
  // An unversioned worker reports a build id too (the SDK's own), but no deployment name.
  return () => (workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior: behavior } : {});
}
