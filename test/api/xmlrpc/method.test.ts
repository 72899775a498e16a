import assert from 'node:assert/strict';
import { checkParams } from '../../../api/xmlrpc/method.js';
import type { ParamContract } from '../../../contract/types.js';
import type { XmlRpcValue } from '../../../xmlrpc/values.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { XmlRpcDouble } from '../../../xmlrpc/values.js';

type Spec = Omit<ParamContract, 'help'>;

function method(specs: readonly Spec[]): ParamContract[] {
  return specs.map((spec) => ({ ...spec, help: spec.name }));
}

function incorrect(target: readonly ParamContract[], params: XmlRpcValue[]): void {
  assert.throws(
    () => checkParams(target, params),
    (error: unknown) => isSupvisorsError(error) && error.faultCode === 2 && error.faultString === 'INCORRECT_PARAMETERS',
  );
}

describe('xmlrpc method parameters', () => {
  it('fills defaults of the missing trailing parameters', () => {
    const target = method([
      { name: 'name', type: 'string' },
      { name: 'wait', type: 'boolean', default: true },
    ]);
    assert.deepEqual(checkParams(target, ['a']), ['a', true]);
    assert.deepEqual(checkParams(target, ['a', false]), ['a', false]);
  });

  it('refuses too few or too many parameters with INCORRECT_PARAMETERS', () => {
    const target = method([{ name: 'name', type: 'string' }]);
    incorrect(target, []);
    incorrect(target, ['a', 'b']);
    incorrect(method([]), [1]);
  });

  it('checks each type', () => {
    const accepted: [ParamContract['type'], XmlRpcValue][] = [
      ['string', 'x'],
      ['int', -3],
      ['boolean', false],
      ['double', 2],
      ['double', 2.5],
      ['array', []],
      ['struct', {}],
      ['string|int', 'x'],
      ['string|int', 7],
      ['any', new Date(0)],
    ];
    for (const [type, value] of accepted) assert.deepEqual(checkParams(method([{ name: 'p', type }]), [value]), [value], type);
    const refused: [ParamContract['type'], XmlRpcValue][] = [
      ['string', 1],
      ['int', 1.5],
      ['int', '1'],
      ['boolean', 1],
      ['boolean', 'true'],
      ['double', '1.0'],
      ['array', {}],
      ['struct', []],
      ['struct', new Date(0)],
      ['string|int', true],
      ['string|int', 1.5],
    ];
    for (const [type, value] of refused) incorrect(method([{ name: 'p', type }]), [value]);
  });

  it('takes base64 for a string, as Supervisor decodes it to str', () => {
    assert.deepEqual(checkParams(method([{ name: 'p', type: 'string' }]), [Buffer.from('héllo')]), ['héllo']);
    assert.deepEqual(checkParams(method([{ name: 'p', type: 'string|int' }]), [Buffer.from('x')]), ['x']);
  });

  it("looks a name of another type up as its Python text (spec/xmlrpc.md §7.4: end_sync(1) is 'unknown Supvisors identifier=1')", () => {
    const target = method([{ name: 'name', type: 'string', otherTypes: 'as-name' }]);
    const given: [XmlRpcValue, string][] = [
      [1, '1'],
      [-2, '-2'],
      [true, 'True'],
      [false, 'False'],
      [1.5, '1.5'],
      [new XmlRpcDouble(2), '2.0'],
      ['app', 'app'],
    ];
    for (const [value, text] of given) assert.deepEqual(checkParams(target, [value]), [text], text);
    incorrect(target, [[1]]);
    incorrect(target, [{}]);
  });

  it("hands a value of another type to the method when it checks it itself (spec/xmlrpc.md §3.6)", () => {
    const target = method([{ name: 'strategy', type: 'string|int', otherTypes: 'to-method' }]);
    for (const value of [true, 1.5, new XmlRpcDouble(1), [], {}]) assert.deepEqual(checkParams(target, [value]), [value]);
  });
});
