import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isAuthorized } from '../../../api/xmlrpc/basic-auth.js';

const header = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;

describe('xmlrpc basic auth', () => {
  const expected = { username: 'user', password: 'p:ss' };

  it('accepts the right username and password (the password may hold a colon)', () => {
    assert.equal(isAuthorized(header('user:p:ss'), expected), true);
    assert.equal(isAuthorized(`basic   ${Buffer.from('user:p:ss').toString('base64')}`, expected), true);
  });

  it('refuses a missing, malformed or wrong header', () => {
    for (const given of [undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', header('user'), header('user:wrong'), header('other:p:ss'), header('user:p:ss:')]) {
      assert.equal(isAuthorized(given, expected), false, String(given));
    }
  });

  it("accepts Supervisor's {SHA} passwords", () => {
    const hashed = { username: 'user', password: `{SHA}${createHash('sha1').update('secret').digest('hex')}` };
    assert.equal(isAuthorized(header('user:secret'), hashed), true);
    assert.equal(isAuthorized(header('user:other'), hashed), false);
    assert.equal(isAuthorized(header(`user:${hashed.password}`), hashed), false);
  });
});
