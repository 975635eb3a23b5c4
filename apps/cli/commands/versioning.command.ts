import { InvalidArgumentError, type Command } from 'commander';
import {
  TemporalUnavailableError,
  WorkerDeployment,
  WorkerDeploymentRejectedError,
  WorkerDeploymentVersionUnknownError,
  WorkerVersioningUnsupportedError,
  type DeploymentState,
} from '../../../libs/temporal';
import type { CliContext } from '../cli-context';

function waitSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds > 3600)
    throw new InvalidArgumentError('must be a whole number of seconds from 0 to 3600');
  return seconds;
}

function formatState(state: DeploymentState): string {
  const lines = [
    `deployment ${state.deploymentName}: current ${state.currentBuildId ?? 'none (new workflows wait for one)'}` +
      (state.rampingBuildId ? `, ramping ${state.rampingBuildId} at ${state.rampingPercent}%` : ''),
  ];
  for (const version of state.versions) {
    const drainage = version.drainage ? ` (${version.drainage.toLowerCase()})` : '';
    lines.push(`  ${version.buildId}  ${version.status.toLowerCase()}${drainage}  since ${version.createdAt ?? '?'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Failures an operator can act on end with their message and exit 1, not a stack trace. */
async function reported(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (
      error instanceof WorkerVersioningUnsupportedError ||
      error instanceof WorkerDeploymentVersionUnknownError ||
      error instanceof WorkerDeploymentRejectedError
    ) {
      process.stderr.write(`security-insights: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

/** `versioning status|promote`: the Temporal Worker Deployment the workers poll as (WORKER_DEPLOYMENT_NAME). */
export function registerVersioningCommand(program: Command, context: () => CliContext): Command {
  const versioning: Command = program
    .command('versioning')
    .description("worker versioning: show the deployment's builds and promote one to current")
    .option('--deployment <name>', 'the Worker Deployment (default: WORKER_DEPLOYMENT_NAME)');
  const deployment = async (): Promise<WorkerDeployment> => {
    const name = versioning.opts<{ deployment?: string }>().deployment ?? context().config.worker.deploymentName;
    if (!name) {
      versioning.error(
        'versioning: no deployment: WORKER_DEPLOYMENT_NAME is unset (worker versioning is off); set it as the workers have it, or pass --deployment <name>',
        { exitCode: 2 },
      );
    }
    const { connect, address } = context().temporal();
    const client = await connect().catch((error: unknown) => {
      throw new TemporalUnavailableError(
        `no Temporal server answers at ${address} (${error instanceof Error ? error.message : String(error)}); start it or point TEMPORAL_ADDRESS at it`,
      );
    });
    return new WorkerDeployment({ client, deploymentName: name, address, identity: 'security-insights-cli' });
  };
  versioning
    .command('status')
    .description('show the current (and ramping) build and every build with its status and drainage')
    .option('--json', 'print the state as one JSON object')
    .action((options: { json?: boolean }) =>
      reported(async () => {
        const target = await deployment();
        const state = await target.describe();
        if (!state) {
          process.stderr.write(
            `security-insights: deployment "${target.deploymentName}" does not exist yet: no worker with WORKER_DEPLOYMENT_NAME=${target.deploymentName} has polled\n`,
          );
          process.exitCode = 1;
          return;
        }
        const { conflictToken: _token, ...shown } = state;
        process.stdout.write(options.json ? `${JSON.stringify(shown)}\n` : formatState(state));
      }),
    );
  versioning
    .command('promote <buildId>')
    .description('make a build current: new scans and the scheduler move to it; running scans finish on theirs')
    .option(
      '--wait <seconds>',
      "how long to wait for the build's workers to poll every task queue of the current build",
      waitSeconds,
      30,
    )
    .action((buildId: string, options: { wait: number }) =>
      reported(async () => {
        const target = await deployment();
        const { previousBuildId } = await target.promoteWhenPolling(buildId, options.wait * 1000);
        process.stdout.write(
          `build ${buildId} of deployment ${target.deploymentName} is now current (was ${previousBuildId ?? 'none'}); ` +
            `scans already running stay on ${previousBuildId ?? 'their build'}: keep its workers until versioning status shows it drained\n`,
        );
      }),
    );
  return versioning;
}
