import assert from 'node:assert/strict';
import { applicationState, evaluateApplication, neverStarted, operationalStatus, type ApplicationProcess } from '../../model/application-state.js';
import type { StatusFormula } from '../../rules/types.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';
import type { ApplicationState } from '../../vocabulary/supvisors-states.js';

function proc(name: string, displayedState: ProcessState, extra: Partial<ApplicationProcess> = {}): ApplicationProcess {
  return { name, displayedState, expectedExit: true, required: false, ...extra };
}

const leaf = (text: string): StatusFormula => ({ kind: 'process', text });
const all = (operand: StatusFormula): StatusFormula => ({ kind: 'all', operand });
const any = (operand: StatusFormula): StatusFormula => ({ kind: 'any', operand });

describe('application (states.md §5)', () => {
  describe('state from the displayed process states', () => {
    const table: readonly { states: readonly ProcessState[]; expected: ApplicationState }[] = [
      { states: [], expected: 'STOPPED' },
      { states: ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'], expected: 'STOPPED' },
      { states: ['RUNNING', 'STOPPED', 'FATAL'], expected: 'RUNNING' },
      { states: ['RUNNING', 'STARTING'], expected: 'STARTING' },
      { states: ['RUNNING', 'BACKOFF'], expected: 'STARTING' },
      { states: ['STARTING', 'STOPPING', 'RUNNING'], expected: 'STOPPING' },
    ];
    for (const row of table) {
      it(`[${row.states.join(', ')}] → ${row.expected}`, () => assert.equal(applicationState(row.states.map((state, index) => proc(`p${index}`, state))), row.expected));
    }
  });

  describe('failures by required (no formula)', () => {
    const table: readonly { title: string; managed?: boolean; processes: readonly ApplicationProcess[]; major: boolean; minor: boolean }[] = [
      { title: 'a required process FATAL is major', processes: [proc('a', 'RUNNING'), proc('b', 'FATAL', { required: true })], major: true, minor: false },
      { title: 'an optional process FATAL is minor', processes: [proc('a', 'RUNNING'), proc('b', 'FATAL')], major: false, minor: true },
      { title: 'UNKNOWN is a failure', processes: [proc('a', 'RUNNING'), proc('b', 'UNKNOWN')], major: false, minor: true },
      { title: 'an unexpected exit is a failure', processes: [proc('a', 'RUNNING'), proc('b', 'EXITED', { expectedExit: false, required: true })], major: true, minor: false },
      { title: 'an expected exit is not', processes: [proc('a', 'RUNNING'), proc('b', 'EXITED', { required: true })], major: false, minor: false },
      { title: 'an unmanaged application has no minor failure', managed: false, processes: [proc('a', 'RUNNING'), proc('b', 'FATAL')], major: false, minor: false },
      { title: 'a required process STOPPED is major while the application runs', processes: [proc('a', 'RUNNING'), proc('b', 'STOPPED', { required: true })], major: true, minor: false },
      { title: 'a required process STOPPED is nothing while the application is STOPPED', processes: [proc('a', 'EXITED'), proc('b', 'STOPPED', { required: true })], major: false, minor: false },
      { title: 'a major failure clears the minor one', processes: [proc('a', 'FATAL'), proc('b', 'FATAL', { required: true })], major: true, minor: false },
      { title: 'a STOPPED application may still show a failure', processes: [proc('a', 'STOPPED'), proc('b', 'FATAL', { required: true })], major: true, minor: false },
    ];
    for (const row of table) {
      it(row.title, () => {
        const evaluation = evaluateApplication({ managed: row.managed ?? true, processes: row.processes, statusFormula: null });
        assert.deepEqual([evaluation.majorFailure, evaluation.minorFailure], [row.major, row.minor]);
      });
    }
  });

  describe('failures by operational_status formula', () => {
    const processes = [proc('db_01', 'RUNNING'), proc('db_02', 'EXITED'), proc('loader', 'FATAL', { required: true }), proc('hmi', 'STOPPED')];
    const table: readonly { title: string; formula: StatusFormula; managed?: boolean; major: boolean; minor: boolean }[] = [
      { title: "all('db_.*'): running or expected exit is OK; required plays no part", formula: all(leaf('db_.*')), major: false, minor: true },
      { title: 'minor only in a managed application', formula: all(leaf('db_.*')), managed: false, major: false, minor: false },
      { title: "any('.*') with one OK", formula: any(leaf('.*')), major: false, minor: true },
      { title: "all('.*') with one not OK", formula: all(leaf('.*')), major: true, minor: false },
      { title: 'exact name first', formula: leaf('hmi'), major: true, minor: false },
      { title: "not 'hmi'", formula: { kind: 'not', operand: leaf('hmi') }, major: false, minor: true },
      { title: "'db_01' and 'loader'", formula: { kind: 'and', operands: [leaf('db_01'), leaf('loader')] }, major: true, minor: false },
      { title: "'loader' or 'db_01'", formula: { kind: 'or', operands: [leaf('loader'), leaf('db_01')] }, major: false, minor: true },
      { title: 'a pattern with one match is a boolean', formula: { kind: 'and', operands: [leaf('db_0[1]'), leaf('lo.*')] }, major: true, minor: false },
      { title: 'error: a list under and', formula: { kind: 'and', operands: [leaf('db_.*'), leaf('db_01')] }, major: true, minor: false },
      { title: 'error: a list under not', formula: { kind: 'not', operand: leaf('db_.*') }, major: true, minor: false },
      { title: 'error: a list as the result', formula: leaf('db_.*'), major: true, minor: false },
      { title: 'error: no match (the whole name must match)', formula: all(leaf('db')), major: true, minor: false },
      { title: 'error: an invalid expression', formula: all(leaf('db_(')), major: true, minor: false },
      { title: 'alternatives stay anchored at the start as Python re.match does', formula: all(leaf('zz|b_01')), major: true, minor: false },
    ];
    for (const row of table) {
      it(row.title, () => {
        const evaluation = evaluateApplication({ managed: row.managed ?? true, processes, statusFormula: row.formula });
        assert.deepEqual([evaluation.majorFailure, evaluation.minorFailure], [row.major, row.minor]);
      });
    }

    it('is evaluated whatever the state: a stopped application usually shows a major failure', () => {
      const evaluation = evaluateApplication({ managed: true, processes: [proc('a', 'STOPPED')], statusFormula: all(leaf('.*')) });
      assert.deepEqual(evaluation, { state: 'STOPPED', majorFailure: true, minorFailure: false });
    });
  });

  it('operational status only while RUNNING', () => {
    assert.equal(operationalStatus({ state: 'RUNNING', majorFailure: true, minorFailure: false }), 'Not Operational');
    assert.equal(operationalStatus({ state: 'RUNNING', majorFailure: false, minorFailure: true }), 'Degraded');
    assert.equal(operationalStatus({ state: 'RUNNING', majorFailure: false, minorFailure: false }), 'Operational');
    assert.equal(operationalStatus({ state: 'STARTING', majorFailure: true, minorFailure: false }), '');
  });

  it('never started: every info STOPPED with no stop date', () => {
    const of = (...infos: [ProcessState, number][]): { infos: Map<string, { state: ProcessState; stop: number }> } => ({ infos: new Map(infos.map(([state, stop], index) => [`i${index}`, { state, stop }])) });
    assert.equal(neverStarted([of(['STOPPED', 0], ['STOPPED', 0]), of(['STOPPED', 0])]), true);
    assert.equal(neverStarted([of(['STOPPED', 0]), of(['STOPPED', 12])]), false);
    assert.equal(neverStarted([of(['STOPPED', 0], ['FATAL', 0])]), false);
  });
});
