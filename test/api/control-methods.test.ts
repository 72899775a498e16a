/**
 * The parameter checks of the control methods, as Supvisors makes them (written from
 * spec/xmlrpc.md §3.6): strategies as names or ints, the spec's texts for every other value.
 */
import assert from 'node:assert/strict';
import { parseStrategy } from '../../api/supvisors/control-methods.js';
import { parseEnumParam } from '../../api/supvisors/enum-param.js';
import { describeError, isSupvisorsError } from '../../errors/errors.js';
import { conciliationStrategyNames, startingStrategyNames } from '../../vocabulary/strategies.js';
import { XmlRpcDouble } from '../../xmlrpc/values.js';

describe('strategy parameters as Supvisors reads them (spec/xmlrpc.md §3.6)', () => {
  const refused = (parse: () => unknown, text: string): void => {
    assert.throws(parse, (error: unknown) => isSupvisorsError(error) && error.faultCode === 2 && describeError(error) === text);
  };

  it('takes the exact name or the int value', () => {
    assert.equal(parseStrategy('LESS_LOADED', startingStrategyNames), 'LESS_LOADED');
    assert.equal(parseStrategy(5, startingStrategyNames), 'MOST_LOADED_NODE');
    assert.equal(parseEnumParam(2, conciliationStrategyNames, conciliationStrategyNames, "<enum 'ConciliationStrategies'>"), 'USER');
  });

  it('refuses another name, another int and every other type with the spec text', () => {
    refused(
      () => parseStrategy('BAD', startingStrategyNames),
      "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=BAD - string expected in ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']",
    );
    refused(() => parseStrategy(9, startingStrategyNames), "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=9 - integer expected in [0, 1, 2, 3, 4, 5]");
    refused(() => parseStrategy(true, startingStrategyNames), "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=True type=<class 'bool'> - type string or integer expected");
    refused(() => parseStrategy(1.5, startingStrategyNames), "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=1.5 type=<class 'float'> - type string or integer expected");
    refused(() => parseStrategy(new XmlRpcDouble(1), startingStrategyNames), "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=1.0 type=<class 'float'> - type string or integer expected");
    refused(
      () => parseEnumParam(false, conciliationStrategyNames, conciliationStrategyNames, "<enum 'ConciliationStrategies'>"),
      "INCORRECT_PARAMETERS: invalid <enum 'ConciliationStrategies'> value=False type=<class 'bool'> - type string or integer expected",
    );
  });
});
