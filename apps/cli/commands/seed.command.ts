import { InvalidArgumentError, type Command } from 'commander';
import { createAccount, demoZoneNames, findAccountIdByName, insertZones, setAccountPlan } from '../../../libs/db';
import type { CliContext } from '../cli-context';
import { startProgress } from '../progress';

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000_000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 10,000,000');
  }
  return Number(value);
}

/** `seed`: adds synthetic zones to an account, their first scans spread over one frequency. */
export function registerSeedCommand(program: Command, context: () => CliContext): void {
  program
    .command('seed')
    .description('add synthetic demo zones to an account (created when missing)')
    .requiredOption('--zones <count>', 'how many zones', positiveInteger)
    .option('--account <name>', 'account name', 'Demo account')
    .option('--plan <plan>', "the account's plan (free, pro, business, enterprise …); an existing account moves to it")
    .option('--json', 'print the result as JSON')
    .action(async (options: { zones: number; account: string; plan?: string; json?: boolean }) => {
      const ctx = context();
      const pool = await ctx.pool();
      const existing = await findAccountIdByName(pool, options.account);
      const accountId = existing ?? (await createAccount(pool, options.account, options.plan));
      if (existing && options.plan) await setAccountPlan(pool, existing, options.plan);
      const names = demoZoneNames(options.zones);
      let added = 0;
      const progress = startProgress('seeding zones', names.length, options);
      for (let i = 0; i < names.length; i += 10_000) {
        const batch = names.slice(i, i + 10_000);
        added += await insertZones(pool, accountId, batch, ctx.config.scheduler.frequencySeconds);
        progress.advance(batch.length);
      }
      progress.stop();
      const result = { accountId, added, skipped: names.length - added };
      process.stdout.write(
        options.json
          ? `${JSON.stringify(result)}\n`
          : `added ${added} zones to account ${accountId} (${result.skipped} existed)\n`,
      );
    });
}
