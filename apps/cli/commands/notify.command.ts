import { InvalidArgumentError, type Command } from 'commander';
import {
  accountExists,
  createDestination,
  createPolicy,
  createTestDelivery,
  findDestination,
  listDeliveries,
  listDestinations,
  listPolicies,
  resumeDestination,
  rotateDestinationSecret,
} from '../../../libs/db';
import {
  DELIVERY_STATUSES,
  INSIGHT_EVENT_TYPES,
  isEmailAddress,
  isSeverity,
  parseWebhookUrl,
  type DeliveryStatus,
  type InsightEventType,
  type Severity,
} from '../../../libs/domain';
import { attemptDelivery, buildNotifyDeps } from '../../../libs/notify';
import { uuidArgument, uuidListArgument } from '../cli-arguments';
import type { CliContext } from '../cli-context';

const account = uuidArgument('account id');
const destination = uuidArgument('destination id');

function webhookUrl(value: string): string {
  const parsed = parseWebhookUrl(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.url;
}
function emailAddress(value: string): string {
  if (!isEmailAddress(value)) throw new InvalidArgumentError(`"${value.slice(0, 100)}" is not an email address`);
  return value;
}
function severity(value: string): Severity {
  if (!isSeverity(value)) throw new InvalidArgumentError('choose critical, high, moderate, low or info');
  return value;
}
function eventTypes(value: string): InsightEventType[] {
  const parts = value.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !(INSIGHT_EVENT_TYPES as readonly string[]).includes(p));
  if (bad.length > 0 || parts.length === 0)
    throw new InvalidArgumentError(
      `unknown event type(s) "${bad.join(',')}"; choose from ${INSIGHT_EVENT_TYPES.join(',')}`,
    );
  return parts as InsightEventType[];
}
function deliveryStatus(value: string): DeliveryStatus {
  if (!(DELIVERY_STATUSES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`choose from ${DELIVERY_STATUSES.join(', ')}`);
  return value as DeliveryStatus;
}
function concurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 16) throw new InvalidArgumentError('a whole number from 1 to 16');
  return n;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/**
 * `notify …`: an account's notification destinations and policies, test sends, resume and the
 * delivery log, straight on the database (like `keys`); the same as the API's
 * /accounts/:id/notifications routes. Output is JSON.
 */
export function registerNotifyCommand(program: Command, context: () => CliContext): void {
  const notify = program
    .command('notify')
    .description('notification destinations (webhook, email), policies, test sends and the delivery log');
  const withAccount = async (id: string) => {
    const pool = await context().pool();
    if (!(await accountExists(pool, id))) {
      process.stderr.write(`notify: account ${id} does not exist\n`);
      process.exitCode = 1;
      return undefined;
    }
    return pool;
  };

  notify
    .command('add-webhook')
    .description('add a webhook destination; its signing secret (whsec_…) is printed once')
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--url <url>', 'http(s) URL deliveries are POSTed to', webhookUrl)
    .option('--name <name>', 'a label', 'webhook')
    .option('--max-concurrency <n>', 'deliveries in flight to it at most (1-16)', concurrency, 2)
    .action(async (o: { account: string; url: string; name: string; maxConcurrency: number }) => {
      const pool = await withAccount(o.account);
      if (pool)
        print(
          await createDestination(pool, o.account, {
            type: 'webhook',
            name: o.name,
            url: o.url,
            maxConcurrency: o.maxConcurrency,
          }),
        );
    });

  notify
    .command('add-email')
    .description('add an email destination (sent through SMTP_URL; logged when unset)')
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--email <address>', 'the address', emailAddress)
    .option('--name <name>', 'a label', 'email')
    .action(async (o: { account: string; email: string; name: string }) => {
      const pool = await withAccount(o.account);
      if (pool) print(await createDestination(pool, o.account, { type: 'email', name: o.name, email: o.email }));
    });

  notify
    .command('add-policy')
    .description('route events to a destination: severity threshold, kinds, zones, event types; at once or daily')
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--destination <id>', 'the destination', destination)
    .option('--name <name>', 'a label', 'policy')
    .option('--min-severity <severity>', 'events at least this severe', severity, 'high' as Severity)
    .option('--kinds <kinds>', 'comma-separated kinds (default: every kind)', (v: string) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .option('--zone <id>', 'only this zone (repeatable; default: every zone)', uuidListArgument('zone id'))
    .option('--events <types>', `comma-separated: ${INSIGHT_EVENT_TYPES.join(',')}`, eventTypes, [
      ...INSIGHT_EVENT_TYPES,
    ])
    .option('--digest', 'a daily digest (NOTIFY_DIGEST_HOUR UTC) instead of at once')
    .action(
      async (o: {
        account: string;
        destination: string;
        name: string;
        minSeverity: Severity;
        kinds?: string[];
        zone?: string[];
        events: InsightEventType[];
        digest?: boolean;
      }) => {
        const pool = await withAccount(o.account);
        if (!pool) return;
        const created = await createPolicy(pool, o.account, {
          destinationId: o.destination,
          name: o.name,
          minSeverity: o.minSeverity,
          kinds: o.kinds && o.kinds.length > 0 ? o.kinds : null,
          zoneIds: o.zone ?? null,
          eventTypes: o.events,
          mode: o.digest ? 'digest' : 'immediate',
          enabled: true,
        });
        if (!created) {
          process.stderr.write(`notify add-policy: account ${o.account} has no destination ${o.destination}\n`);
          process.exitCode = 1;
        } else if ('unknownZones' in created) {
          process.stderr.write(
            `notify add-policy: not zones of account ${o.account}: ${created.unknownZones.join(', ')}\n`,
          );
          process.exitCode = 1;
        } else print(created.policy);
      },
    );

  notify
    .command('list')
    .description("the account's destinations and policies")
    .requiredOption('--account <id>', 'the account', account)
    .action(async (o: { account: string }) => {
      const pool = await withAccount(o.account);
      if (pool)
        print({ destinations: await listDestinations(pool, o.account), policies: await listPolicies(pool, o.account) });
    });

  notify
    .command('test')
    .description('send a test notification now (one attempt) and print how it went')
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--destination <id>', 'the destination', destination)
    .action(async (o: { account: string; destination: string }) => {
      const pool = await withAccount(o.account);
      if (!pool) return;
      if (!(await findDestination(pool, o.account, o.destination))) {
        process.stderr.write(`notify test: account ${o.account} has no destination ${o.destination}\n`);
        process.exitCode = 1;
        return;
      }
      const deliveryId = await createTestDelivery(pool, o.account, o.destination);
      const deps = { pool, ...buildNotifyDeps(context().config, context().log) };
      const result = await attemptDelivery(deps, deliveryId, AbortSignal.timeout(60_000));
      deps.email.close();
      print({ deliveryId, ...result });
      if (result.outcome !== 'delivered') process.exitCode = 1;
    });

  notify
    .command('rotate-secret')
    .description("replace a webhook's secret (printed once); the old one also signs for NOTIFY_SECRET_OVERLAP")
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--destination <id>', 'the webhook destination', destination)
    .action(async (o: { account: string; destination: string }) => {
      const pool = await withAccount(o.account);
      if (!pool) return;
      const rotated = await rotateDestinationSecret(
        pool,
        o.account,
        o.destination,
        context().config.notify.secretOverlapSeconds,
      );
      if (rotated) print(rotated);
      else {
        process.stderr.write(
          `notify rotate-secret: account ${o.account} has no webhook destination ${o.destination}\n`,
        );
        process.exitCode = 1;
      }
    });

  notify
    .command('resume')
    .description('resume a paused destination; its held deliveries are sent again')
    .requiredOption('--account <id>', 'the account', account)
    .requiredOption('--destination <id>', 'the destination', destination)
    .action(async (o: { account: string; destination: string }) => {
      const pool = await withAccount(o.account);
      if (!pool) return;
      const resumed = await resumeDestination(pool, o.account, o.destination);
      if (resumed) print({ id: o.destination, status: 'active', ...resumed });
      else {
        process.stderr.write(`notify resume: account ${o.account} has no destination ${o.destination}\n`);
        process.exitCode = 1;
      }
    });

  notify
    .command('deliveries')
    .description('the delivery log, newest first (dead letters: --status failed)')
    .requiredOption('--account <id>', 'the account', account)
    .option('--destination <id>', 'only this destination', destination)
    .option('--status <status>', DELIVERY_STATUSES.join(', '), deliveryStatus)
    .option(
      '--limit <n>',
      'at most this many (1-1000)',
      (v: string) => {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000');
        return n;
      },
      50,
    )
    .action(async (o: { account: string; destination?: string; status?: DeliveryStatus; limit: number }) => {
      const pool = await withAccount(o.account);
      if (pool)
        print(
          await listDeliveries(pool, o.account, { destinationId: o.destination, status: o.status, limit: o.limit }),
        );
    });
}
