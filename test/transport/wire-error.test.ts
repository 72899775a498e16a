import assert from 'node:assert/strict';
import { SupvisorsError } from '../../errors/errors.js';
import { errorFromWire, errorToWire } from '../../transport/wire-error.js';

describe('transport wire errors', () => {
  it('keeps the code and fault of a SupvisorsError', () => {
    const wire = errorToWire(new SupvisorsError('RPC_FAULT', 'program=x unknown', { fault: 'BAD_NAME' }));
    assert.deepEqual(wire, { code: 'RPC_FAULT', fault: 'BAD_NAME', message: 'program=x unknown' });
    const back = errorFromWire(wire, 'node-b');
    assert.equal(back.code, 'RPC_FAULT');
    assert.equal(back.faultString, 'BAD_NAME: program=x unknown');
  });

  it('turns other errors, and codes this node does not know, into HANDLER_FAILED', () => {
    assert.deepEqual(errorToWire(new TypeError('x is undefined')), { code: 'HANDLER_FAILED', fault: 'FAILED', message: 'TypeError: x is undefined' });
    const unknown = errorFromWire({ code: 'FUTURE_CODE', fault: 'FAILED', message: 'new' }, 'node-b');
    assert.equal(unknown.code, 'HANDLER_FAILED');
    assert.equal(unknown.message, 'node-b answered FUTURE_CODE (FAILED): new');
  });
});
