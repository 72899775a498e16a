/**
 * Crash alerts on a real cluster (docs/alerts.md): a local SMTP server and a local HTTP
 * receiver; a program crashes on one node, then the Master's node is lost. Each event comes once, from the
 * cluster's (new) Master, as one mail and one POST per batch, whatever the number of nodes.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { clusterLogsOnFailure, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import type { AlertBody } from '../../alerts/render.js';

interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly user: string;
  readonly subject: string;
  readonly body: string;
}

/** The headers unfolded and the body out of quoted-printable, enough to read what nodemailer writes. */
function readMail(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const body = raw
    .slice(split + 4)
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { subject: /^Subject: (.*)$/m.exec(headers)?.[1] ?? '', body };
}

function smtpReceiver(mails: ReceivedMail[]): SMTPServer {
  return new SMTPServer({
    // plain SMTP on loopback: no STARTTLS offered, credentials accepted in clear
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alert' && auth.password === 'p@ss') callback(null, { user: auth.username });
      else callback(new Error('bad credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const user = typeof session.user === 'string' ? session.user : '';
        mails.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), user, ...readMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
}

function isAlertBody(value: unknown): value is AlertBody {
  return typeof value === 'object' && value !== null && 'source' in value && value.source === 'supvisors' && 'alerts' in value && Array.isArray(value.alerts);
}

function webhookReceiver(bodies: AlertBody[]): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (request.method === 'POST' && request.url === '/hook?token=t0k3n' && isAlertBody(body)) bodies.push(body);
      response.writeHead(204).end();
    });
  });
}

async function listening<T extends { listen(port: number, host: string, callback: () => void): unknown }>(server: T, address: () => AddressInfo | string | null): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = address();
  if (bound === null || typeof bound === 'string') throw new Error('no port');
  return bound.port;
}

const programs = `
[program:crasher]
command = sh -c "sleep 0.2; exit 3"
autostart = false
autorestart = false
startsecs = 0
exitcodes = 0
`;

describe('crash alerts on a cluster', function () {
  this.timeout(90_000);
  const mails: ReceivedMail[] = [];
  const bodies: AlertBody[] = [];
  const smtp = smtpReceiver(mails);
  const http = webhookReceiver(bodies);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    await new Promise<void>((resolve) => smtp.close(resolve));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('sends a crash and the loss of the Master once each, from the (new) Master, by mail and webhook', async () => {
    const smtpPort = await listening(smtp.server, () => smtp.server.address());
    const httpPort = await listening(http, () => http.address());
    cluster = await startCluster(3, {
      programs: () => programs,
      supvisors: [
        `alert_smtp_url = smtp://alert:p%%40ss@127.0.0.1:${smtpPort}`,
        'alert_mail_to = ops@example.com, oncall@example.com',
        'alert_mail_from = cluster@example.com',
        `alert_webhook_url = http://127.0.0.1:${httpPort}/hook?token=t0k3n`,
        'alert_batch_seconds = 1',
      ].join('\n'),
    });
    const c = cluster;
    const [node1, node2] = c.nodes;
    if (node1 === undefined || node2 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 30_000);
    const master = await masterOf(node1);

    // a crash on node2: EXITED with 3, not in exitcodes
    await node2.supervisor.call('supervisor.startProcess', ['crasher:crasher', false]);
    await waitFor('the crash by webhook and by mail', () => bodies.length >= 1 && mails.length >= 1, { timeoutMs: 15_000, intervalMs: 50 });
    const [crashBody] = bodies;
    assert.equal(crashBody?.master, master);
    assert.deepEqual(
      crashBody?.alerts.map(({ kind, identifier, subject, message }) => ({ kind, identifier, subject, message })),
      [{ kind: 'EXITED', identifier: node2.identifier, subject: 'crasher:crasher', message: `crasher:crasher exited unexpectedly on ${node2.identifier} (exit status 3)` }],
    );
    const [crashMail] = mails;
    assert.equal(crashMail?.from, 'cluster@example.com');
    assert.deepEqual(crashMail?.to, ['ops@example.com', 'oncall@example.com']);
    assert.equal(crashMail?.user, 'alert');
    assert.equal(crashMail?.subject, `[supvisors] crasher:crasher exited unexpectedly on ${node2.identifier} (exit status 3)`);
    assert.match(crashMail?.body ?? '', new RegExp(`EXITED crasher:crasher exited unexpectedly on ${node2.identifier.replace(/\./g, '\\.')} \\(exit status 3\\)`));

    // the Master lost: the survivors hold the alert through the election, the new Master sends it
    const lost = c.nodes.find((node) => node.identifier === master);
    if (lost === undefined) throw new Error('no Master node');
    await c.killNode(lost);
    await waitFor('the lost Master by webhook and by mail', () => bodies.length >= 2 && mails.length >= 2, { timeoutMs: 15_000, intervalMs: 50 });
    const survivors = c.nodes.filter((node) => node !== lost);
    const newMaster = await masterOf(survivors[0] ?? node2);
    assert.equal(bodies[1]?.master, newMaster);
    assert.notEqual(newMaster, master);
    assert.deepEqual(
      bodies[1]?.alerts.map(({ kind, identifier }) => ({ kind, identifier })),
      [{ kind: 'INSTANCE_LOST', identifier: lost.identifier }],
    );
    assert.match(mails[1]?.subject ?? '', new RegExp(`instance ${lost.identifier.replace(/\./g, '\\.')} lost`));
    // a batch later: one of each per event, never one per node
    assert.equal(bodies.length, 2, JSON.stringify(bodies));
    assert.equal(mails.length, 2, mails.map((mail) => mail.subject).join('\n'));
  });
});
