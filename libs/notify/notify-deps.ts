import { buildNetContext } from '../checkers';
import type { Config, Logger } from '../config';
import type { DeliveryDeps } from './delivery-attempt';
import { createEmailSender } from './email-sender';

/**
 * What deliveries need besides the pool, from the configuration: the scans' SSRF-guarded net
 * helpers (NET_*: allowlist, time and size bounds), the email sender (SMTP_URL) and the link base.
 */
export function buildNotifyDeps(config: Readonly<Config>, log: Logger): Omit<DeliveryDeps, 'pool'> {
  return {
    net: buildNetContext(config).net,
    email: createEmailSender({ smtpUrl: config.notify.smtpUrl, from: config.notify.emailFrom, log }),
    linkBaseUrl: config.notify.linkBaseUrl,
  };
}
