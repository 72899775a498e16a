/** Host keys against known_hosts: plain, patterned, hashed and off-port entries; unknown and changed keys; fingerprints. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { checkHostKey, fingerprint, keyType, knownHostName, knownHostsLine, parseAcceptance } from '../../deploy/known-hosts.js';

/** An SSH public key blob: string type, then string key bytes. */
function blob(type: string, key: string): Buffer {
  const part = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'latin1');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  return Buffer.concat([part(type), part(key)]);
}

const KEY = blob('ssh-ed25519', 'key-one');
const OTHER = blob('ssh-ed25519', 'key-two');

describe('known hosts', () => {
  it('finds a key by name, pattern, off-port name and hashed name', () => {
    const line = (hosts: string): string => `${hosts} ssh-ed25519 ${KEY.toString('base64')}`;
    assert.equal(checkHostKey(line('10.0.0.1,web1'), '10.0.0.1', KEY), 'known');
    assert.equal(checkHostKey(line('10.0.0.*,!10.0.0.9'), '10.0.0.5', KEY), 'known');
    assert.equal(checkHostKey(line('10.0.0.*,!10.0.0.9'), '10.0.0.9', KEY), 'unknown');
    assert.equal(checkHostKey(line('[10.0.0.1]:2222'), knownHostName('10.0.0.1', 2222), KEY), 'known');
    assert.equal(checkHostKey(line('10.0.0.1'), knownHostName('10.0.0.1', 2222), KEY), 'unknown');
    const salt = Buffer.from('0123456789abcdefghij');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('10.0.0.1').digest('base64')}`;
    assert.equal(checkHostKey(`# comment\n\n${line(hashed)}\n`, '10.0.0.1', KEY), 'known');
    assert.equal(checkHostKey(line(hashed), '10.0.0.2', KEY), 'unknown');
  });

  it('tells a changed key (same host and type) from an unknown one; ignores @cert-authority lines', () => {
    const text = `10.0.0.1 ssh-ed25519 ${KEY.toString('base64')}\n`;
    assert.equal(checkHostKey(text, '10.0.0.1', OTHER), 'changed');
    assert.equal(checkHostKey(text, '10.0.0.1', blob('ecdsa-sha2-nistp256', 'x')), 'unknown');
    assert.equal(checkHostKey(`@cert-authority 10.0.0.1 ssh-ed25519 ${KEY.toString('base64')}\n`, '10.0.0.1', KEY), 'unknown');
  });

  it('prints the fingerprint as ssh-keygen does, the line to record, and reads --accept-host-key', () => {
    assert.match(fingerprint(KEY), /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.equal(keyType(KEY), 'ssh-ed25519');
    assert.equal(knownHostsLine('[h]:2222', KEY), `[h]:2222 ssh-ed25519 ${KEY.toString('base64')}`);
    assert.deepEqual(parseAcceptance('10.0.0.1=SHA256:abc+/12'), { host: '10.0.0.1', fingerprint: 'SHA256:abc+/12' });
    assert.equal(parseAcceptance('10.0.0.1=MD5:ab'), undefined);
  });
});
