import assert from 'node:assert/strict';
import { checkParams } from '../../../api/xmlrpc/method.js';
import type { ParamContract } from '../../../contract/types.js';
import type { XmlRpcValue } from '../../../xmlrpc/values.js';
import { isSupvisorsError } from '../../../errors/errors.js';

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
});
