import assert from 'node:assert/strict';
import { absolutePath, expandUser } from '../../config/paths.js';

describe('config paths', () => {
  it('expands ~ and ~/ with the home directory only', () => {
    assert.equal(expandUser('~', '/home/me'), '/home/me');
    assert.equal(expandUser('~/run/x.json', '/home/me'), '/home/me/run/x.json');
    assert.equal(expandUser('~other/x', '/home/me'), '~other/x');
    assert.equal(expandUser('a/~/b', '/home/me'), 'a/~/b');
  });

  it('resolves relative paths against a base and normalises', () => {
    assert.equal(absolutePath('run/../x.json', '/srv', '/home/me'), '/srv/x.json');
    assert.equal(absolutePath('/tmp/x.json', '/srv', '/home/me'), '/tmp/x.json');
    assert.equal(absolutePath('~/x.json', '/srv', '/home/me'), '/home/me/x.json');
  });
});
