import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../config';
import type { SendResult } from './webhook-sender';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The delivery id: the same Message-ID on every attempt, so mail clients can fold repeats. */
  messageId: string;
}

/** Sends notification email; built once per worker. */
export interface EmailSender {
  send(message: EmailMessage): Promise<SendResult>;
  close(): void;
}

/**
 * Through the SMTP server at `smtpUrl` (nodemailer; e.g. smtp://user:pass@host:587); without
 * one (npm start offline), each message is written to the log instead and counts as delivered.
 */
export function createEmailSender(options: { smtpUrl: string | undefined; from: string; log: Logger }): EmailSender {
  if (!options.smtpUrl) {
    return {
      async send(message) {
        options.log.info(
          { to: message.to, subject: message.subject, text: message.text, messageId: message.messageId },
          'notification email (SMTP_URL unset: logged instead of sent)',
        );
        return { outcome: 'delivered', responseCode: null, error: null };
      },
      close() {},
    };
  }
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.messageId}@security-insights>`,
        });
        if ((info.accepted ?? []).length > 0) return { outcome: 'delivered', responseCode: 250, error: null };
        return { outcome: 'rejected', responseCode: null, error: `the SMTP server refused ${message.to}` };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode ?? null;
        // SMTP 5xx is permanent (bad address, refused), 4xx temporary, anything else (no connection) worth a retry.
        const outcome = code !== null && code >= 500 ? 'rejected' : 'retryable';
        return { outcome, responseCode: code, error: `SMTP: ${(error as Error).message}` };
      }
    },
    close() {
      transport.close();
    },
  };
}
