/**
 * The SSH link to one host, through `ssh2`: password, private key (with its passphrase) or
 * ssh-agent authentication; the host key checked against a known_hosts file before any
 * authentication (known-hosts.ts): an unknown key is refused unless the operator accepted its
 * fingerprint (`--accept-host-key HOST=SHA256:...`, then recorded in known_hosts), a changed key
 * always. Commands run through `exec` (stdin given, output collected, bounded in time); files go
 * through SFTP. No secret is ever put in a message: failures say what failed, not with what.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { describeError } from '../errors/errors.js';
import type { DeployHost } from './description.js';
import { checkHostKey, fingerprint, knownHostName, knownHostsLine, type HostKeyVerdict } from './known-hosts.js';

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type ConnectFailure =
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'authentication'; readonly message: string }
  | { readonly kind: 'host-key-unknown'; readonly fingerprint: string; readonly message: string }
  | { readonly kind: 'host-key-changed'; readonly fingerprint: string; readonly message: string };

export type Connected = { readonly ok: true; readonly link: SshLink } | { readonly ok: false; readonly failure: ConnectFailure };

export interface ConnectOptions {
  readonly knownHostsFile: string;
  readonly timeoutMs: number;
  /** The fingerprint the operator accepted for this host, when it is unknown. */
  readonly accepted: string | undefined;
  /** SSH_AUTH_SOCK. */
  readonly agentSocket: string | undefined;
}

/** The bound of one remote command unless told otherwise. */
const EXEC_TIMEOUT_MS = 120_000;
/** The bound of one file copy (a bundle is some 11 MB). */
const PUT_TIMEOUT_MS = 600_000;

export class SshLink {
  private sftpSession: Promise<SFTPWrapper> | undefined;

  private constructor(
    private readonly client: Client,
    readonly host: DeployHost,
  ) {}

  /** Connects and authenticates, or says why not. */
  static connect(host: DeployHost, options: ConnectOptions): Promise<Connected> {
    const name = knownHostName(host.address, host.sshPort);
    const knownText = existsSync(options.knownHostsFile) ? readFileSync(options.knownHostsFile, 'utf8') : '';
    let keyVerdict: { verdict: HostKeyVerdict; fingerprint: string } | undefined;
    const config: ConnectConfig = {
      host: host.address,
      port: host.sshPort,
      username: host.user,
      readyTimeout: options.timeoutMs,
      hostVerifier: (key: Buffer): boolean => {
        const verdict = checkHostKey(knownText, name, key);
        const print = fingerprint(key);
        keyVerdict = { verdict, fingerprint: print };
        if (verdict === 'unknown' && options.accepted === print) {
          mkdirSync(dirname(options.knownHostsFile), { recursive: true, mode: 0o700 });
          appendFileSync(options.knownHostsFile, `${knownHostsLine(name, key)}\n`, { mode: 0o600 });
          keyVerdict = { verdict: 'known', fingerprint: print };
        }
        return keyVerdict.verdict === 'known';
      },
    };
    if (host.auth.password !== undefined) config.password = host.auth.password;
    if (host.auth.identityFile !== undefined) {
      try {
        config.privateKey = readFileSync(host.auth.identityFile);
      } catch (error) {
        return Promise.resolve({ ok: false, failure: { kind: 'authentication', message: `cannot read identity_file ${host.auth.identityFile}: ${describeError(error)}` } });
      }
      if (host.auth.passphrase !== undefined) config.passphrase = host.auth.passphrase;
    }
    if (host.auth.agent) {
      if (options.agentSocket === undefined) return Promise.resolve({ ok: false, failure: { kind: 'authentication', message: 'agent = yes but SSH_AUTH_SOCK is not set (no ssh-agent)' } });
      config.agent = options.agentSocket;
    }
    const client = new Client();
    return new Promise((resolve) => {
      client.once('ready', () => resolve({ ok: true, link: new SshLink(client, host) }));
      client.once('error', (error: Error & { level?: string }) => {
        client.end();
        const where = `${host.user}@${name}`;
        if (keyVerdict !== undefined && keyVerdict.verdict === 'unknown') {
          resolve({
            ok: false,
            failure: {
              kind: 'host-key-unknown',
              fingerprint: keyVerdict.fingerprint,
              message: `unknown host key of ${name} (${keyVerdict.fingerprint}), not in ${options.knownHostsFile}: check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then run again with --accept-host-key ${host.address}=${keyVerdict.fingerprint}`,
            },
          });
        } else if (keyVerdict !== undefined && keyVerdict.verdict === 'changed') {
          resolve({
            ok: false,
            failure: {
              kind: 'host-key-changed',
              fingerprint: keyVerdict.fingerprint,
              message: `the host key of ${name} CHANGED (now ${keyVerdict.fingerprint}) from the one in ${options.knownHostsFile}: someone may be intercepting the connection; if the host was reinstalled, remove its old line (ssh-keygen -R ${name} -f ${options.knownHostsFile}) and check the new key`,
            },
          });
        } else if (error.level === 'client-authentication') {
          resolve({ ok: false, failure: { kind: 'authentication', message: `authentication of ${where} refused (methods tried: ${authMethods(host).join(', ')})` } });
        } else {
          resolve({ ok: false, failure: { kind: 'unreachable', message: `cannot reach ${name}: ${describeError(error)}` } });
        }
      });
      client.connect(config);
    });
  }

  /** Runs `command` (sh -c on the host) with `stdin`; resolves with its exit code and output. */
  exec(command: string, { stdin, timeoutMs = EXEC_TIMEOUT_MS }: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => {
        if (error !== undefined) {
          reject(error);
          return;
        }
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const timer = setTimeout(() => {
          channel.close();
          reject(new Error(`a command on ${this.host.name} did not end within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        channel.on('data', (chunk: Buffer) => out.push(chunk));
        channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        channel.once('close', (code: number | null) => {
          clearTimeout(timer);
          resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
        });
        channel.end(stdin);
      });
    });
  }

  /** Copies a local file to the host over SFTP. */
  async put(localPath: string, remotePath: string): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sftp.end();
        reject(new Error(`copying to ${this.host.name} did not end within ${PUT_TIMEOUT_MS / 1000} s`));
      }, PUT_TIMEOUT_MS);
      sftp.fastPut(localPath, remotePath, (error) => {
        clearTimeout(timer);
        if (error === undefined || error === null) resolve();
        else reject(error);
      });
    });
  }

  close(): void {
    this.client.end();
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error !== undefined) reject(error);
        else resolve(sftp);
      });
    });
    return this.sftpSession;
  }
}

function authMethods(host: DeployHost): string[] {
  return [...(host.auth.agent ? ['agent'] : []), ...(host.auth.identityFile === undefined ? [] : [`key ${host.auth.identityFile}`]), ...(host.auth.password === undefined ? [] : ['password'])];
}
