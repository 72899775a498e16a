/**
 * Host keys checked against an OpenSSH known_hosts file (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"):
 * `hosts keytype base64-key [comment]` lines, hosts as a comma list of names (`[name]:port` off
 * port 22, `*` / `?` patterns and `!` negations) or one hashed name `|1|salt|hmac-sha1`.
 * `@cert-authority` and `@revoked` lines are not supported: a host only known through them is
 * reported unknown, never accepted.
 *
 * A key never seen is `unknown` (the deployment stops and shows its fingerprint); a key other
 * than the one recorded for the same host and type is `changed` (a hard error, as ssh's).
 */
import { createHash, createHmac } from 'node:crypto';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed';

interface KnownHostLine {
  readonly hosts: string;
  readonly type: string;
  readonly key: string;
}

/** The name ssh looks a host up by: `name`, or `[name]:port` off port 22. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** `SHA256:...` as `ssh-keygen -l` prints it: the unpadded base64 of the key blob's SHA-256. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`...). */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** The known_hosts line recording `keyBlob` for a host. */
export function knownHostsLine(name: string, keyBlob: Buffer): string {
  return `${name} ${keyType(keyBlob)} ${keyBlob.toString('base64')}`;
}

function parseLines(text: string): KnownHostLine[] {
  return text.split(/\r?\n/).flatMap((raw) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) return [];
    const [hosts, type, key] = line.split(/\s+/);
    return hosts === undefined || type === undefined || key === undefined ? [] : [{ hosts, type, key }];
  });
}

function globMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
  return regex.test(name);
}

function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** What `knownHostsText` says of `keyBlob` presented by `name` (knownHostName). */
export function checkHostKey(knownHostsText: string, name: string, keyBlob: Buffer): HostKeyVerdict {
  const type = keyType(keyBlob);
  const key = keyBlob.toString('base64');
  const recorded = parseLines(knownHostsText).filter((line) => hostsMatch(line.hosts, name));
  if (recorded.some((line) => line.type === type && line.key === key)) return 'known';
  return recorded.some((line) => line.type === type) ? 'changed' : 'unknown';
}

/** `HOST=SHA256:...` of `--accept-host-key`: the host (as written in the description) and the fingerprint. */
export function parseAcceptance(text: string): { host: string; fingerprint: string } | undefined {
  const match = /^([^=\s]+)=(SHA256:[A-Za-z0-9+/]+)$/.exec(text);
  return match === null ? undefined : { host: match[1] ?? '', fingerprint: match[2] ?? '' };
}
