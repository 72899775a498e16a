import assert from 'node:assert/strict';
import {
  conciliationStrategy,
  decimalNumber,
  logLevelValue,
  positiveInteger,
  startingStrategy,
  statisticsKinds,
  unknownStrategyText,
  wantsAll,
} from '../../cli/arguments.js';

describe('cli/arguments: supvisorsctl argument checks', () => {
  it('takes the strategies by their exact upper-case names, with the int value Python sends', () => {
    assert.deepEqual(startingStrategy('CONFIG'), { name: 'CONFIG', value: 0 });
    assert.deepEqual(startingStrategy('MOST_LOADED_NODE'), { name: 'MOST_LOADED_NODE', value: 5 });
    assert.equal(startingStrategy('config'), undefined);
    assert.equal(startingStrategy('SENICIDE'), undefined);
    // another upper-case name may be a plugin's: sent as the name, the node checks it
    assert.deepEqual(startingStrategy('ROUND_ROBIN'), { name: 'ROUND_ROBIN', value: 'ROUND_ROBIN' });
    assert.deepEqual(conciliationStrategy('KEEP_FIRST'), { name: 'KEEP_FIRST', value: 'KEEP_FIRST' });
    assert.deepEqual(conciliationStrategy('SENICIDE'), { name: 'SENICIDE', value: 0 });
    assert.deepEqual(conciliationStrategy('RUNNING_FAILURE'), { name: 'RUNNING_FAILURE', value: 5 });
    assert.equal(conciliationStrategy('CONFIG'), undefined);
  });

  it("words the unknown strategy as Python's, with the list of names", () => {
    assert.equal(
      unknownStrategyText('start_application'),
      "ERROR: unknown strategy for start_application. use one of ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']",
    );
    assert.equal(unknownStrategyText('conciliate', true), "ERROR: unknown strategy for conciliate. use one of ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']");
  });

  it("takes Supervisor's level names, case-sensitive, as their int values", () => {
    assert.equal(logLevelValue('info'), 20);
    assert.equal(logLevelValue('blather'), 3);
    assert.equal(logLevelValue('INFO'), undefined);
    assert.equal(logLevelValue('20'), undefined);
  });

  it('"all": no argument or all among them', () => {
    assert.equal(wantsAll([]), true);
    assert.equal(wantsAll(['web', 'all']), true);
    assert.equal(wantsAll(['web']), false);
  });

  it('numbers as Python parses them: numprocs an int > 0, the period a decimal', () => {
    assert.equal(positiveInteger('3'), 3);
    assert.equal(positiveInteger('+03'), 3);
    assert.equal(positiveInteger('0'), undefined);
    assert.equal(positiveInteger('-1'), undefined);
    assert.equal(positiveInteger('2.5'), undefined);
    assert.equal(positiveInteger('x'), undefined);
    assert.equal(decimalNumber('2'), 2);
    assert.equal(decimalNumber('2.5'), 2.5);
    assert.equal(decimalNumber('.5'), 0.5);
    assert.equal(decimalNumber('1e1'), 10);
    assert.equal(decimalNumber('-1'), -1);
    assert.equal(decimalNumber('x'), undefined);
    assert.equal(decimalNumber('inf'), undefined);
  });

  it('enable_stats / disable_stats words: none or all both, else the ones named, another word refused', () => {
    assert.deepEqual(statisticsKinds([]), { host: true, process: true });
    assert.deepEqual(statisticsKinds(['all']), { host: true, process: true });
    assert.deepEqual(statisticsKinds(['host']), { host: true, process: false });
    assert.deepEqual(statisticsKinds(['process']), { host: false, process: true });
    assert.equal(statisticsKinds(['cpu']), undefined);
  });
});
