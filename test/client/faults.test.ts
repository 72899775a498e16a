import assert from 'node:assert/strict';
import { Faults, type FaultName } from '../../errors/faults.js';
import * as faults from '../../client/faults.js';
import { BadNameFault, faultFromCode, NotRunningFault, SupvisorsFault } from '../../client/faults.js';

/** BAD_NAME -> BadNameFault: the class name a user looks for. */
const className = (name: FaultName): string => `${name.toLowerCase().replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase())}Fault`;

describe('client faults', () => {
  it('has a class per fault code, named after it, carrying code, name, text and method', () => {
    for (const [name, code] of Object.entries(Faults) as [FaultName, number][]) {
      const fault = faultFromCode(code, `${name}: detail`, 'supvisors.some_method');
      const expected: unknown = (faults as Record<string, unknown>)[className(name)];
      assert.equal(typeof expected, 'function', `${className(name)} exported`);
      assert.equal(fault.constructor, expected, `${code} gives ${className(name)}`);
      assert.ok(fault instanceof SupvisorsFault && fault instanceof Error);
      assert.equal(fault.name, className(name));
      assert.equal(fault.faultCode, code);
      assert.equal(fault.faultName, name);
      assert.equal(fault.faultString, `${name}: detail`);
      assert.equal(fault.method, 'supvisors.some_method');
      assert.equal(fault.message, `supvisors.some_method: ${name}: detail`);
    }
  });

  it('gives the base class for a code it does not know, keeping the code', () => {
    const fault = faultFromCode(999, 'PLUGIN_ERROR: boom', 'plugin.call');
    assert.equal(fault.constructor, SupvisorsFault);
    assert.equal(fault.faultCode, 999);
    assert.equal(fault.faultName, undefined);
    assert.equal(fault.faultString, 'PLUGIN_ERROR: boom');
    assert.equal(fault.name, 'SupvisorsFault');
  });

  it('keeps the classes apart for instanceof and for TypeScript', () => {
    const fault = faultFromCode(10, 'BAD_NAME: nope', 'supvisors.get_application_info');
    if (fault instanceof NotRunningFault) {
      const name: 'NOT_RUNNING' = fault.faultName;
      assert.fail(name);
    } else if (fault instanceof BadNameFault) {
      // narrowed to BadNameFault, not never: its faultName is its own literal
      const name: 'BAD_NAME' = fault.faultName;
      assert.equal(name, 'BAD_NAME');
      assert.equal(fault.faultCode, 10);
    } else {
      assert.fail('a BadNameFault');
    }
    assert.ok(new BadNameFault('BAD_NAME: x', 'm') instanceof SupvisorsFault);
  });
});
