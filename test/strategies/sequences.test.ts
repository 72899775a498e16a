import assert from 'node:assert/strict';
import { applicationStopStages, autoStartStages, needsAutoStart, processStartStages, processStopStages, sequenceStages } from '../../strategies/sequences.js';

const names = <T extends { readonly name: string }>(stages: readonly (readonly T[])[]): string[][] => stages.map((stage) => stage.map((item) => item.name));

describe('sequences (strategies.md §6–§7)', () => {
  it('groups by sequence, ascending or descending, keeping input order inside a stage', () => {
    const items = [{ name: 'x', seq: 2 }, { name: 'y', seq: 1 }, { name: 'z', seq: 2 }, { name: 'w', seq: 0 }];
    assert.deepEqual(names(sequenceStages(items, (item) => item.seq, 'ascending')), [['w'], ['y'], ['x', 'z']]);
    assert.deepEqual(names(sequenceStages(items, (item) => item.seq, 'descending')), [['x', 'z'], ['y'], ['w']]);
    assert.deepEqual(sequenceStages([], () => 0, 'ascending'), []);
  });

  describe('DISTRIBUTION auto-start of applications', () => {
    const base = { neverStarted: false, majorFailure: false, minorFailure: false };
    const table = [
      { title: 'never started', app: { ...base, startSequence: 1, neverStarted: true }, expected: true },
      { title: 'major failure', app: { ...base, startSequence: 1, majorFailure: true }, expected: true },
      { title: 'minor failure', app: { ...base, startSequence: 1, minorFailure: true }, expected: true },
      { title: 'started and healthy', app: { ...base, startSequence: 1 }, expected: false },
      { title: 'start_sequence 0 is never auto-started', app: { ...base, startSequence: 0, neverStarted: true }, expected: false },
    ];
    for (const row of table) {
      it(`${row.expected ? 'plans' : 'skips'}: ${row.title}`, () => assert.equal(needsAutoStart(row.app), row.expected));
    }

    it('starts equal ranks together, smallest first', () => {
      const apps = [
        { name: 'db', startSequence: 2, neverStarted: true, majorFailure: false, minorFailure: false },
        { name: 'hmi', startSequence: 3, neverStarted: true, majorFailure: false, minorFailure: false },
        { name: 'web', startSequence: 2, neverStarted: false, majorFailure: false, minorFailure: true },
        { name: 'infra', startSequence: 1, neverStarted: true, majorFailure: false, minorFailure: false },
        { name: 'tools', startSequence: 0, neverStarted: true, majorFailure: false, minorFailure: false },
        { name: 'ok', startSequence: 1, neverStarted: false, majorFailure: false, minorFailure: false },
      ];
      assert.deepEqual(names(autoStartStages(apps)), [['infra'], ['db', 'web'], ['hmi']]);
    });
  });

  it('application start: process ranks ascending, start_sequence 0 not started', () => {
    const processes = [
      { name: 'loader', startSequence: 2 },
      { name: 'db_01', startSequence: 1 },
      { name: 'debug', startSequence: 0 },
      { name: 'db_02', startSequence: 1 },
    ];
    assert.deepEqual(names(processStartStages(processes)), [['db_01', 'db_02'], ['loader']]);
    assert.deepEqual(processStartStages([{ name: 'debug', startSequence: 0 }]), []);
  });

  it('global stop: applications with running processes, greatest stop_sequence first', () => {
    const apps = [
      { name: 'infra', stopSequence: 1, hasRunningProcesses: true },
      { name: 'hmi', stopSequence: 3, hasRunningProcesses: true },
      { name: 'db', stopSequence: 2, hasRunningProcesses: true },
      { name: 'idle', stopSequence: 4, hasRunningProcesses: false },
      { name: 'unmanaged', stopSequence: 0, hasRunningProcesses: true },
    ];
    assert.deepEqual(names(applicationStopStages(apps)), [['hmi'], ['db'], ['infra'], ['unmanaged']]);
  });

  describe('application / process stop', () => {
    const processes = [
      { name: 'db', stopSequence: 1, runningIdentifiers: ['a1'] },
      { name: 'loader', stopSequence: 2, runningIdentifiers: [] },
      { name: 'hmi', stopSequence: 2, runningIdentifiers: ['a1', 'b1'] },
    ];
    const commands = (stages: ReturnType<typeof processStopStages<(typeof processes)[number]>>): string[][] => stages.map((stage) => stage.map((command) => `${command.process.name}@${command.identifier}`));

    it('one command per running identifier, greatest stop_sequence first', () => {
      assert.deepEqual(commands(processStopStages(processes)), [['hmi@a1', 'hmi@b1'], ['db@a1']]);
    });

    it('optionally restricted to some instances', () => {
      assert.deepEqual(commands(processStopStages(processes, ['b1'])), [['hmi@b1']]);
    });
  });
});
