import type { DeliveryContent } from '../db';

/** The JSON body of a webhook delivery (Standard Webhooks' recommended `type`/`timestamp`/`data`). */
export interface NotificationPayload {
  type: 'insights.notification' | 'insights.digest' | 'notification.test';
  /** When the delivery was made up: the same on every attempt, so the body is too. */
  timestamp: string;
  data: {
    deliveryId: string;
    accountId: string;
    events: Array<DeliveryContent['events'][number] & { links: { insight: string; zone: string } }>;
  };
}

/** Builds the body; `apiBaseUrl` makes the links (NOTIFY_LINK_BASE_URL). */
export function buildNotificationPayload(content: DeliveryContent, apiBaseUrl: string): NotificationPayload {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const type =
    content.mode === 'test'
      ? 'notification.test'
      : content.mode === 'digest'
        ? 'insights.digest'
        : 'insights.notification';
  return {
    type,
    timestamp: content.createdAt.toISOString(),
    data: {
      deliveryId: content.id,
      accountId: content.accountId,
      events: content.events.map((event) => ({
        ...event,
        links: {
          insight: `${base}/accounts/${content.accountId}/insights/${event.insight.id}`,
          zone: `${base}/zones/${event.insight.zoneId}`,
        },
      })),
    },
  };
}

/** Plain-text lines for the email version of the same payload. */
export function notificationText(payload: NotificationPayload): { subject: string; text: string; html: string } {
  const events = payload.data.events;
  const subject =
    payload.type === 'notification.test'
      ? 'Security Insights: test notification'
      : `Security Insights: ${events.length} ${payload.type === 'insights.digest' ? 'insight(s) in your daily digest' : 'new or worse insight(s)'}`;
  const lines = events.map(
    (e) =>
      `[${e.severity}] ${e.insight.zoneName}: ${e.insight.title} (${e.type}${e.previousSeverity && e.type === 'worsened' ? ` from ${e.previousSeverity}` : ''}) ${e.links.insight}`,
  );
  const text = events.length === 0 ? 'This is a test notification: the destination works.' : `${lines.join('\n')}\n`;
  const html =
    events.length === 0
      ? '<p>This is a test notification: the destination works.</p>'
      : `<ul>${events
          .map(
            (e) =>
              `<li><b>${escapeHtml(e.severity)}</b> ${escapeHtml(e.insight.zoneName)}: <a href="${escapeHtml(e.links.insight)}">${escapeHtml(e.insight.title)}</a> (${escapeHtml(e.type)})</li>`,
          )
          .join('')}</ul>`;
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
