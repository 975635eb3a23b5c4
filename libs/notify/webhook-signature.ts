import { createHmac } from 'node:crypto';

/** Thrown when a stored secret is not a Standard Webhooks `whsec_<base64>` secret. */
export class InvalidWebhookSecretError extends Error {
  override readonly name = 'InvalidWebhookSecretError';
}

/**
 * The Standard Webhooks headers (https://www.standardwebhooks.com): `webhook-id` (stable
 * across retries: receivers drop repeats), `webhook-timestamp` (seconds, of this attempt:
 * receivers reject stale ones, which stops replays) and `webhook-signature`, one `v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">` per secret, space-separated (two during a rotation's
 * overlap, so a receiver holding either secret verifies).
 */
export function signWebhook(
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signed = `${id}.${timestampSeconds}.${body}`;
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', secretKey(secret)).update(signed, 'utf8').digest('base64')}`,
  );
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_'))
    throw new InvalidWebhookSecretError(
      'a webhook secret must look like whsec_<base64>; rotate the destination secret',
    );
  return Buffer.from(secret.slice('whsec_'.length), 'base64');
}
