import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { accessOf, isAuthorized, isRefused } from '../../http/basic-auth.js';

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

  describe('the access decision of every surface', () => {
    it('lets everything in when no credentials are configured, as supervisord does', () => {
      for (const given of [undefined, '', header('user:wrong')]) assert.equal(accessOf(given, undefined), 'open');
    });

    it('refuses missing and wrong credentials, accepts the right ones', () => {
      assert.equal(accessOf(undefined, expected), 'missing');
      assert.equal(accessOf('', expected), 'missing');
      assert.equal(accessOf(header('user:wrong'), expected), 'wrong');
      assert.equal(accessOf('Bearer x', expected), 'wrong');
      assert.equal(accessOf(header('user:p:ss'), expected), 'authenticated');
      assert.deepEqual(
        (['open', 'authenticated', 'anonymous', 'missing', 'wrong'] as const).filter((access) => isRefused(access)),
        ['missing', 'wrong'],
      );
    });

    it('lets a client without credentials in as anonymous only where the surface allows it, never one with wrong credentials', () => {
      assert.equal(accessOf(undefined, expected, true), 'anonymous');
      assert.equal(accessOf(header('user:wrong'), expected, true), 'wrong');
      assert.equal(accessOf(header('user:p:ss'), expected, true), 'authenticated');
    });
  });
});
