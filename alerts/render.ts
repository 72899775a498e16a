/**
 * What a batch of alerts looks like on the wire (docs/alerts.md): a mail (subject and plain
 * text) and the webhook's JSON body. Pure.
 */
import type { Alert } from './detect.js';
import type { AlertBatch } from './queue.js';

export interface AlertMail {
  readonly subject: string;
  readonly text: string;
}

/** The webhook body (schema in docs/alerts.md). */
export interface AlertBody {
  readonly source: 'supvisors';
  /** The Master that sent it. */
  readonly master: string;
  /** Epoch seconds when the batch was sent. */
  readonly sent: number;
  readonly alerts: readonly {
    readonly kind: Alert['kind'];
    readonly time: number;
    readonly identifier: string;
    readonly subject: string;
    readonly message: string;
  }[];
  readonly suppressed: number;
}

export function suppressedLine(count: number): string {
  return `${count} alert${count === 1 ? '' : 's'} suppressed (alert_max_per_hour)`;
}

export function alertMail(batch: AlertBatch, master: string): AlertMail {
  const first = batch.alerts[0];
  const more = batch.alerts.length > 1 ? ` (+${batch.alerts.length - 1} more)` : '';
  const subject = first === undefined ? `[supvisors] ${suppressedLine(batch.suppressed)}` : `[supvisors] ${first.message}${more}`;
  const lines = batch.alerts.map((alert) => `${new Date(alert.time * 1000).toISOString()} ${alert.kind} ${alert.message}`);
  if (batch.suppressed > 0) lines.push(suppressedLine(batch.suppressed));
  return { subject, text: `${lines.join('\n')}\n\nSent by the Supvisors Master ${master}.\n` };
}

export function alertBody(batch: AlertBatch, master: string, sent: number): AlertBody {
  return {
    source: 'supvisors',
    master,
    sent,
    alerts: batch.alerts.map(({ kind, time, identifier, subject, message }) => ({ kind, time, identifier, subject, message })),
    suppressed: batch.suppressed,
  };
}

/** A URL as logs may show it: no user, no password, no query (tokens often go there). */
export function redactedUrl(text: string): string {
  if (!URL.canParse(text)) return '<invalid URL>';
  const url = new URL(text);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
