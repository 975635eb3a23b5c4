import { InvalidArgumentError, type Command } from 'commander';
import { listPlans, setAccountPlan, setZonePlan } from '../../../libs/db';
import { formatDuration, isUuid } from '../../../libs/domain';
import type { CliContext } from '../cli-context';

function uuid(what: string) {
  return (value: string): string => {
    if (!isUuid(value)) throw new InvalidArgumentError(`must be ${what} id (a UUID); got "${value}"`);
    return value;
  };
}

/** `plans …`: the stored plans, and which plan an account or a zone is on. */
export function registerPlansCommand(program: Command, context: () => CliContext): void {
  const plans = program.command('plans').description('scan plans (tiers): list them, set an account or a zone plan');
  plans
    .command('list')
    .description('the stored plans with their frequency and degradation priority (highest slows last)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await listPlans(await context().pool());
      process.stdout.write(
        options.json
          ? `${JSON.stringify(rows)}\n`
          : rows
              .map((p) => `${p.name.padEnd(12)} every ${formatDuration(p.frequencySeconds)}, priority ${p.priority}`)
              .join('\n') + '\n',
      );
    });
  plans
    .command('set-account')
    .description('put an account on a plan; its zones without a plan of their own move with it')
    .argument('<accountId>', 'the account id', uuid('an account'))
    .argument('<plan>', 'the plan name (see plans list)')
    .action(async (accountId: string, plan: string) => {
      const moved = await setAccountPlan(await context().pool(), accountId, plan);
      if (moved === undefined) throw new InvalidArgumentError(`account ${accountId} does not exist`);
      process.stdout.write(`account ${accountId} is on plan ${plan}; ${moved} zones moved\n`);
    });
  plans
    .command('set-zone')
    .description("give a zone its own plan, or 'account' to follow its account's plan again")
    .argument('<zoneId>', 'the zone id', uuid('a zone'))
    .argument('<plan>', "the plan name, or 'account'")
    .action(async (zoneId: string, plan: string) => {
      const ok = await setZonePlan(await context().pool(), zoneId, plan === 'account' ? null : plan);
      if (!ok) throw new InvalidArgumentError(`zone ${zoneId} does not exist (or is deleted)`);
      process.stdout.write(`zone ${zoneId} is on ${plan === 'account' ? "its account's plan" : `plan ${plan}`}\n`);
    });
}
