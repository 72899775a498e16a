import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isSupvisorsError } from '../../errors/errors.js';
import {
  answerChallenge,
  answerHello,
  checkAuth,
  checkOpenMode,
  deriveSecret,
  derivedKeyWarning,
  isLoopback,
  makeHello,
  OPEN,
  resolvePeerSecret,
  type PeerSecret,
} from '../../transport/auth.js';

const key = (text: string): PeerSecret => ({ mode: 'secret', key: Buffer.from(text) });
const dialler = { identifier: 'node-a', incarnation: 11 };
const acceptor = { identifier: 'node-b', incarnation: 22 };
const known = (identifier: string) => identifier === 'node-a';

/** Runs the handshake; returns the first refusal, or 'ok'. */
function handshake(diallerSecret: PeerSecret, acceptorSecret: PeerSecret): string {
  const hello = makeHello(dialler, diallerSecret, randomBytes(32));
  const challenge = answerHello(acceptor, acceptorSecret, hello, known, randomBytes(32));
  if (!challenge.ok) return `acceptor: ${challenge.reason}`;
  const auth = answerChallenge('node-b', diallerSecret, hello, challenge.frame);
  if (!auth.ok) return `dialler: ${auth.reason}`;
  assert.deepEqual(auth.peer, acceptor);
  assert.deepEqual(challenge.peer, dialler);
  return checkAuth(acceptorSecret, hello, challenge.frame, auth.frame) ?? 'ok';
}

describe('transport auth', () => {
  it('derives the key from the inet_http_server credentials as documented (Python hashlib.scrypt gives the same)', async () => {
    const secret = await deriveSecret('admin', 'secret-pw');
    assert.ok(secret.mode === 'secret');
    assert.equal(secret.key.toString('hex'), '900892e1e8e9ae29e58537432e2b27c316fe9ab30ab2647b9dd7f743d2bb651a');
  });

  it('takes peer_secret first, then the credentials, else open mode', async () => {
    assert.deepEqual(await resolvePeerSecret({ peerSecret: 'xyz', username: 'u', password: 'p' }), key('xyz'));
    assert.deepEqual(await resolvePeerSecret({ username: 'admin', password: 'secret-pw' }), await deriveSecret('admin', 'secret-pw'));
    assert.equal(await resolvePeerSecret({}), OPEN);
    await assert.rejects(resolvePeerSecret({ peerSecret: '' }), (error) => isSupvisorsError(error, 'CONFIG_INVALID'));
    const derived = await resolvePeerSecret({ username: 'admin', password: 'secret-pw' });
    assert.ok(derived.mode === 'secret' && derived.derived === true);
    const own = await resolvePeerSecret({ peerSecret: 'xyz', username: 'admin', password: 'secret-pw' });
    assert.ok(own.mode === 'secret' && own.derived !== true);
  });

  it('refuses a peer_secret equal to the API password: peers authenticate apart from the API', async () => {
    await assert.rejects(
      resolvePeerSecret({ peerSecret: 'secret-pw', username: 'admin', password: 'secret-pw' }),
      (error) => isSupvisorsError(error, 'CONFIG_INVALID') && /peer_secret: equal to the \[inet_http_server\] password/.test(error.message),
    );
  });

  it('warns when the derived key is used off loopback, and only then', async () => {
    const derived = await deriveSecret('admin', 'secret-pw');
    assert.match(derivedKeyWarning(derived, '0.0.0.0', ['127.0.0.1']) ?? '', /0\.0\.0\.0 is not loopback: anyone holding the API credentials can join the cluster as a node; set peer_secret/);
    assert.match(derivedKeyWarning(derived, '127.0.0.1', ['10.0.0.2', 'node3']) ?? '', /10\.0\.0\.2, node3 are not loopback/);
    assert.equal(derivedKeyWarning(derived, '127.0.0.1', ['127.0.0.2', 'localhost']), undefined);
    assert.equal(derivedKeyWarning(key('own secret'), '0.0.0.0', ['10.0.0.2']), undefined);
    assert.equal(derivedKeyWarning(OPEN, '127.0.0.1', []), undefined);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(host), host);
    for (const host of ['10.0.0.1', '0.0.0.0', '::', 'node1', '::ffff:10.0.0.1', '128.0.0.1']) assert.ok(!isLoopback(host), host);
  });

  it('allows open mode on loopback only', () => {
    assert.doesNotThrow(() => checkOpenMode(OPEN, '127.0.0.1', ['localhost', '::1']));
    assert.doesNotThrow(() => checkOpenMode(key('k'), '0.0.0.0', ['10.0.0.2']));
    assert.doesNotThrow(() => checkOpenMode(OPEN, '0.0.0.0', []), 'a lone node has no peer to fear');
    assert.throws(
      () => checkOpenMode(OPEN, '0.0.0.0', ['127.0.0.1', '10.0.0.2']),
      (error) => isSupvisorsError(error, 'CONFIG_INVALID') && /0\.0\.0\.0, 10\.0\.0\.2 are not loopback/.test(error.message),
    );
  });

  it('authenticates both ways with the same secret, and in open mode on both sides', () => {
    assert.equal(handshake(key('s'), key('s')), 'ok');
    assert.equal(handshake(OPEN, OPEN), 'ok');
  });

  it('has the dialler catch a wrong secret before it proves anything', () => {
    assert.equal(handshake(key('s'), key('t')), "dialler: wrong secret: the peer's proof does not match");
  });

  it('refuses a forged, replayed or reflected proof at the acceptor', () => {
    const secret = key('s');
    const hello = makeHello(dialler, secret, randomBytes(32));
    const challenge = answerHello(acceptor, secret, hello, known, randomBytes(32));
    assert.ok(challenge.ok);
    const wrong = "wrong secret: the peer's proof does not match";
    assert.equal(checkAuth(secret, hello, challenge.frame, { type: 'auth', proof: randomBytes(32) }), wrong);
    // Reflection: the acceptor's own proof sent back as the dialler's.
    assert.equal(checkAuth(secret, hello, challenge.frame, { type: 'auth', proof: challenge.frame.proof }), wrong);
    // Replay: the dialler's proof of another exchange (another acceptor nonce).
    const other = answerHello(acceptor, secret, hello, known, randomBytes(32));
    assert.ok(other.ok);
    const replayed = answerChallenge('node-b', secret, hello, other.frame);
    assert.ok(replayed.ok);
    assert.equal(checkAuth(secret, hello, other.frame, replayed.frame), undefined);
    assert.equal(checkAuth(secret, hello, challenge.frame, replayed.frame), wrong);
  });

  it('refuses unknown peers, self-impersonation, other versions and mode mismatches with a reason', () => {
    const secret = key('s');
    const refuse = (hello: ReturnType<typeof makeHello>, acceptorSecret = secret) => {
      const step = answerHello(acceptor, acceptorSecret, hello, known, randomBytes(32));
      return step.ok ? 'ok' : step.reason;
    };
    assert.match(refuse(makeHello({ identifier: 'node-x', incarnation: 1 }, secret, randomBytes(32))), /unknown peer identifier node-x/);
    assert.match(refuse(makeHello(acceptor, secret, randomBytes(32))), /claims this node's own identifier/);
    assert.match(refuse({ ...makeHello(dialler, secret, randomBytes(32)), version: 99 }), /protocol version 99 not supported/);
    assert.match(refuse(makeHello(dialler, OPEN, randomBytes(32))), /has no secret \(open mode\) but this node requires one/);
    assert.match(refuse(makeHello(dialler, secret, randomBytes(32)), OPEN), /uses a secret but this node has none/);
    const hello = makeHello(dialler, secret, randomBytes(32));
    const challenge = answerHello(acceptor, secret, hello, known, randomBytes(32));
    assert.ok(challenge.ok);
    const answered = answerChallenge('node-c', secret, hello, challenge.frame);
    assert.ok(!answered.ok && answered.reason === 'dialled node-c but node-b answered');
  });
});
