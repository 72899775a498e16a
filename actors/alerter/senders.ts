/**
 * The alerter's two ways out: a mail through SMTP (nodemailer; `smtp://` upgrades with STARTTLS
 * when the server offers it, `smtps://` is TLS from the first byte) and a JSON POST. Each returns
 * a promise the alerter never waits on in its turn; a POST gives up after WEBHOOK_TIMEOUT_MS.
 */
import { createTransport } from 'nodemailer';
import { redactedUrl, type AlertBody, type AlertMail } from '../../alerts/render.js';
import type { SupvisorsOptions } from '../../config/types.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
const SMTP_TIMEOUT_MS = 20_000;

export interface AlertSenders {
  readonly mail?: (mail: AlertMail) => Promise<void>;
  readonly webhook?: (body: AlertBody) => Promise<void>;
}

export function mailSender(smtpUrl: string, from: string, to: readonly string[]): (mail: AlertMail) => Promise<void> {
  // one transport, one connection per mail: alerts are rare, a pool would only hold sockets open
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = createTransport({
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return async (mail) => {
    await transport.sendMail({ from, to: [...to], subject: mail.subject, text: mail.text });
  };
}

export function webhookSender(url: string): (body: AlertBody) => Promise<void> {
  return async (body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    // the body is not read: drop it so the connection is released
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  };
}

/** The senders the options set up (the configuration refuses a mail half set up); undefined when neither is (no alerter then). Logs them. */
export function alertSenders(options: SupvisorsOptions, log: { readonly info: (text: string) => void }): AlertSenders | undefined {
  const { alertSmtpUrl, alertMailTo, alertWebhookUrl } = options;
  const mail = alertSmtpUrl !== undefined && alertMailTo.length > 0 ? mailSender(alertSmtpUrl, options.alertMailFrom, alertMailTo) : undefined;
  const webhook = alertWebhookUrl === undefined ? undefined : webhookSender(alertWebhookUrl);
  if (mail === undefined && webhook === undefined) return undefined;
  // the URLs as logs may show them: credentials and tokens left out
  const ways = [...(mail === undefined || alertSmtpUrl === undefined ? [] : [`mail to ${alertMailTo.join(', ')} through ${redactedUrl(alertSmtpUrl)}`]), ...(alertWebhookUrl === undefined ? [] : [`webhook ${redactedUrl(alertWebhookUrl)}`])];
  log.info(`alerts: ${ways.join(' and ')}, by the acting Master`);
  return { ...(mail === undefined ? {} : { mail }), ...(webhook === undefined ? {} : { webhook }) };
}
