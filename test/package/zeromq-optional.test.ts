/**
 * zeromq is an optional dependency: only `event_link = ZMQ` loads it, and a node configured so
 * without it stops at start with a configuration error that names the package to install.
 */
import assert from 'node:assert/strict';
import { loadZeroMq, type ZeroMqImporter } from '../../actors/event-publisher/zmq-link.js';
import { SupvisorsError } from '../../errors/errors.js';

/** A real import of a package that is not installed: Node's own resolver fails. */
const importAbsent: ZeroMqImporter = () => {
  const absent = 'zeromq-not-installed-here';
  return import(absent) as ReturnType<ZeroMqImporter>;
};

describe('the optional zeromq package', () => {
  it('is loaded when installed', async () => {
    const zmq = await loadZeroMq();
    assert.equal(typeof zmq.Publisher, 'function');
  });

  it('missing: CONFIG_INVALID that says to install it', async () => {
    await assert.rejects(loadZeroMq(importAbsent), (thrown: unknown) => {
      assert.ok(thrown instanceof SupvisorsError);
      assert.equal(thrown.code, 'CONFIG_INVALID');
      assert.match(thrown.message, /^event_link = ZMQ needs the optional package zeromq, which is not installed: npm install zeromq/);
      return true;
    });
  });

  it('installed but failing to load: CONFIG_INVALID with the loader\'s own reason', async () => {
    const broken: ZeroMqImporter = () => Promise.reject(new Error('addon.node: wrong ELF class'));
    await assert.rejects(loadZeroMq(broken), (thrown: unknown) => {
      assert.ok(thrown instanceof SupvisorsError);
      assert.equal(thrown.code, 'CONFIG_INVALID');
      assert.match(thrown.message, /installed but cannot be loaded here: .*wrong ELF class/);
      return true;
    });
  });
});
