import assert from 'node:assert/strict';
import { SUMMARY_MAX_CHARS, isSecretKey, summarize } from '../../mailbox/peek.js';

describe('message summaries', () => {
  it('shows fields but not the type', () => {
    assert.equal(summarize({ type: 'start', namespec: 'web:server', wait: true, args: ['-v', 2] }), '{namespec:"web:server",wait:true,args:["-v",2]}');
    assert.equal(summarize({ type: 'tick' }), '');
  });

  it('redacts fields that may hold secrets, at any depth', () => {
    const text = summarize({ type: 'login', user: 'bob', password: 'x', nested: { authToken: 'y', apiKey: 'z', secret: 's' } });
    assert.equal(text, '{user:"bob",password:***,nested:{authToken:***,apiKey:***,secret:***}}');
    for (const key of ['password', 'passwd', 'Credentials', 'cookie', 'api_key', 'privateKey']) assert.ok(isSecretKey(key), key);
    for (const key of ['name', 'identifier', 'pid']) assert.ok(!isSecretKey(key), key);
  });

  it('stays short whatever the payload', () => {
    const text = summarize({ type: 'big', data: 'x'.repeat(10_000), list: Array.from({ length: 1000 }, (_, i) => i), deep: { a: { b: { c: { d: 1 } } } } });
    assert.ok(text.length <= SUMMARY_MAX_CHARS, `length ${text.length}`);
    assert.equal(summarize({ type: 't', deep: { a: { b: { c: 1 } } } }), '{deep:{a:{b:{…}}}}');
  });

  it('names class instances and functions instead of walking them', () => {
    class Handle {
      secretState = 'hidden';
    }
    assert.equal(summarize({ type: 't', handle: new Handle(), callback: () => 1 }), '{handle:<Handle>,callback:<function>}');
  });
});
