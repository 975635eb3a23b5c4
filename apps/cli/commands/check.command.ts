import { InvalidArgumentError, type Command } from 'commander';
import { type Checker, buildRealCheckers } from '../../../libs/checkers';
import type { CheckerOutcome } from '../../../libs/domain';
import { formatCheckReport, gradeOfOutcomes, type CheckReport } from '../check-report';
import { zoneNameArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

function seconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600)
    throw new InvalidArgumentError('must be a whole number of seconds from 1 to 600');
  return Number(value);
}

/** Runs every checker now against one domain; outcomes as the scan activity would record them. */
export async function runChecks(checkers: Checker[], domain: string, timeoutSeconds: number): Promise<CheckReport> {
  const started = Date.now();
  const controller = new AbortController();
  const deadline = started + timeoutSeconds * 1000;
  const outcomes = await Promise.all(
    checkers.map(async (checker): Promise<CheckerOutcome> => {
      try {
        return {
          checker: checker.id,
          status: 'completed',
          findings: await checker.run({ id: 'cli', name: domain }, { signal: controller.signal, deadline }),
        };
      } catch (error) {
        return { checker: checker.id, status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return {
    domain,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    outcomes,
    grade: gradeOfOutcomes(outcomes),
  };
}

/** `check <domain>`: the dns, tls and http checkers against one domain, now, no database needed. */
export function registerCheckCommand(program: Command, context: () => CliContext): Command {
  return program
    .command('check')
    .description('run the dns, tls and http checkers against one domain now and print what they find')
    .argument('<domain>', 'domain to check, e.g. example.com', zoneNameArgument)
    .option('--json', 'print the report as one JSON object')
    .option('--timeout <seconds>', 'deadline for all checks', seconds, 30)
    .addHelpText(
      'after',
      '\nExit code 0 whenever the checks ran, with or without findings; failed checkers are listed in the report.\n' +
        'The grade (A+ … F) is computed from the findings as a scan grades the zone; IP addresses and special-use names are refused (exit 2).',
    )
    .action(async (domain: string, options: { json?: boolean; timeout: number }) => {
      const report = await runChecks(buildRealCheckers(context().config), domain, options.timeout);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatCheckReport(report));
    });
}
