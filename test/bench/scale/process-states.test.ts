import assert from 'node:assert/strict';
import { ProcessStates } from '../../../bench/scale/process-states.js';

describe('bench:scale process states', () => {
  it('counts the RUNNING processes of the applications asked, by their last state', () => {
    const states = new ProcessStates();
    const all = (): boolean => true;
    const ofA = (name: string): boolean => name === 'a';
    states.update({ application_name: 'a', process_name: 'p1', statename: 'STARTING' });
    states.update({ application_name: 'a', process_name: 'p2', statename: 'RUNNING' });
    states.update({ application_name: 'b', process_name: 'p1', statename: 'RUNNING' });
    assert.equal(states.running(all), 2);
    assert.equal(states.running(ofA), 1);
    states.update({ application_name: 'a', process_name: 'p1', statename: 'RUNNING' });
    assert.equal(states.running(ofA), 2);
    states.update({ application_name: 'a', process_name: 'p2', statename: 'STOPPING' });
    assert.equal(states.running(ofA), 1);
    assert.equal(states.running(() => false), 0);
  });
});
