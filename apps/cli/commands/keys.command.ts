import type { Command } from 'commander';
import { accountExists, createApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from '../../../libs/db';
import { uuidArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

/** `keys create|list|revoke`: API keys, scoped to one account or admin; only their hash is stored. */
export function registerKeysCommand(program: Command, context: () => CliContext): void {
  const keys = program.command('keys').description('create, list and revoke API keys (bearer tokens for the REST API)');
  keys
    .command('create')
    .description('create an API key; the token is printed once and cannot be shown again')
    .option('--account <id>', 'scope the key to this account (its insights, zones)', uuidArgument('account id'))
    .option('--admin', 'an admin key: every account, plus the scheduler controls')
    .option('--name <name>', 'a label to recognise the key by', 'cli')
    .option('--json', 'print the result as JSON')
    .action(async (options: { account?: string; admin?: boolean; name: string; json?: boolean }, command: Command) => {
      if (Boolean(options.account) === Boolean(options.admin)) {
        command.error('keys create: choose exactly one of --account <id> or --admin', { exitCode: 2 });
      }
      const pool = await context().pool();
      if (options.account && !(await accountExists(pool, options.account))) {
        process.stderr.write(
          `keys create: account ${options.account} does not exist; list accounts with GET /accounts (admin key)\n`,
        );
        process.exitCode = 1;
        return;
      }
      const key = await createApiKey(pool, options.account ?? null, options.name);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(key)}\n`);
        return;
      }
      const scope = key.accountId ? `account ${key.accountId}` : 'admin';
      process.stdout.write(`created API key ${key.keyId} (${scope}, "${key.name}")\n`);
      process.stdout.write(`token (shown once, store it now): ${key.token}\n`);
      process.stdout.write(`use it as: curl -H "Authorization: Bearer ${key.token}" http://127.0.0.1:3000/zones\n`);
    });
  keys
    .command('list')
    .description('list API keys (never their tokens): id, scope, name, created, last used (to the minute)')
    .option('--account <id>', "only this account's keys", uuidArgument('account id'))
    .option('--revoked', 'list revoked keys instead of active ones')
    .option('--all', 'list active and revoked keys')
    .option('--json', 'print one JSON array')
    .action(async (options: { account?: string; revoked?: boolean; all?: boolean; json?: boolean }) => {
      const status = options.all ? 'all' : options.revoked ? 'revoked' : 'active';
      const rows = await listApiKeys(await context().pool(), { accountId: options.account, status });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no ${status === 'all' ? '' : `${status} `}API keys\n`);
        return;
      }
      process.stdout.write(formatKeys(rows));
    });
  keys
    .command('revoke')
    .description('revoke an API key by its id; requests with it answer 401 within API_KEY_CACHE_TTL (default 5 s)')
    .argument('<keyId>', 'the id printed when the key was created', uuidArgument('key id'))
    .action(async (id: string) => {
      const revoked = await revokeApiKey(await context().pool(), id);
      if (!revoked) {
        process.stderr.write(`keys revoke: no active key ${id} (unknown or already revoked)\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `revoked API key ${id}; running API instances refuse it within API_KEY_CACHE_TTL (${context().config.api.keyCacheSeconds} s)\n`,
      );
    });
}

const day = (value: Date | null) => (value ? value.toISOString().slice(0, 16).replace('T', ' ') : 'never');

/** One line per key, aligned, newest first. */
function formatKeys(rows: ApiKeyRow[]): string {
  const table = [
    ['ID', 'SCOPE', 'NAME', 'CREATED', 'LAST USED', 'REVOKED'],
    ...rows.map((key) => [
      key.id,
      key.accountId ? `account ${key.accountId}` : 'admin',
      key.name.slice(0, 40),
      day(key.createdAt),
      day(key.lastUsedAt),
      key.revokedAt ? day(key.revokedAt) : '-',
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => (row[column] as string).length)));
  return table
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i] as number))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
