/** supervisor-bridge/json-file.ts: the node's small JSON state files. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonObject, writeJsonObject } from '../../supervisor-bridge/json-file.js';

describe('json state files', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'json-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes atomically into folders it creates, reads back, and leaves a file with the same content alone', () => {
    const path = join(dir, 'state', 'disabilities.json');
    writeJsonObject(path, { web: true, db: false });
    assert.deepEqual(readJsonObject(path), { web: true, db: false });
    const written = statSync(path).ino;
    writeJsonObject(path, { web: true, db: false });
    assert.equal(statSync(path).ino, written, 'not replaced: the same text');
    writeJsonObject(path, { web: false, db: false });
    assert.notEqual(statSync(path).ino, written, 'replaced (temp file + rename)');
    assert.deepEqual(readJsonObject(path), { web: false, db: false });
  });

  it('reads a missing or malformed file as an empty object', () => {
    assert.deepEqual(readJsonObject(join(dir, 'missing.json')), {});
    const path = join(dir, 'list.json');
    writeFileSync(path, '[1, 2]');
    assert.deepEqual(readJsonObject(path), {});
  });
});
