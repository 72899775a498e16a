import assert from 'node:assert/strict';
import { decodeFrame } from '../../dashboard/model/frames.js';

describe('dashboard event frames (dashboard/model/frames.ts)', () => {
  it('reads ["header", {body}] and ignores anything else', () => {
    assert.deepEqual(decodeFrame('["process", {"process_name": "db"}]'), { header: 'process', body: { process_name: 'db' } });
    assert.deepEqual(decodeFrame('["process_added", {"process_name": "db"}]'), { header: 'process_added', body: { process_name: 'db' } });
    for (const text of ['', 'nope', '[]', '["process"]', '["nope", {}]', '["process", []]', '["process", null]', '{"process": {}}', '["process", {}, 1]']) {
      assert.equal(decodeFrame(text), undefined, text);
    }
  });
});
