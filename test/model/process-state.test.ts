import assert from 'node:assert/strict';
import {
  conflicting,
  conflicts,
  crashed,
  crashedOn,
  disabled,
  disabledOn,
  displayedState,
  forceState,
  initialSynthesis,
  running,
  runningOn,
  stopped,
  updateStatus,
  uptime,
} from '../../model/process-state.js';
import type { InstanceProcessInfo, ProcessSynthesis } from '../../model/types.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

function info(state: ProcessState, localMtime = 0, expected = true, isDisabled = false): InstanceProcessInfo {
  return { state, expected, localMtime, disabled: isDisabled };
}

/** Applies events in order, each `[identifier, state, expected?]`, the reception time growing with the index. */
function replay(events: readonly (readonly [string, ProcessState, boolean?])[], from: ProcessSynthesis = initialSynthesis, infos = new Map<string, InstanceProcessInfo>()): { synthesis: ProcessSynthesis; infos: Map<string, InstanceProcessInfo> } {
  let synthesis = from;
  events.forEach(([identifier, state, expected], index) => {
    infos.set(identifier, info(state, index + 1, expected ?? true));
    synthesis = updateStatus(synthesis, identifier, infos);
  });
  return { synthesis, infos };
}

const summary = (synthesis: ProcessSynthesis): [ProcessState, boolean, readonly string[]] => [synthesis.state, synthesis.expectedExit, synthesis.runningIdentifiers];

describe('process synthesis (states.md §4)', () => {
  it('starts UNKNOWN with nothing running', () => {
    assert.deepEqual(summary(initialSynthesis), ['UNKNOWN', true, []]);
  });

  const table: readonly { title: string; events: readonly (readonly [string, ProcessState, boolean?])[]; expected: ReturnType<typeof summary> }[] = [
    { title: 'one instance starting', events: [['a1', 'STARTING']], expected: ['STARTING', true, ['a1']] },
    { title: 'one instance running', events: [['a1', 'STARTING'], ['a1', 'RUNNING']], expected: ['RUNNING', true, ['a1']] },
    { title: 'STOPPING keeps the instance among the running ones', events: [['a1', 'RUNNING'], ['a1', 'STOPPING']], expected: ['STOPPING', true, ['a1']] },
    { title: 'stopped: the most recently received info wins', events: [['a1', 'RUNNING'], ['b1', 'FATAL', false], ['a1', 'STOPPED']], expected: ['STOPPED', true, []] },
    { title: 'stopped: its expected flag comes along', events: [['a1', 'STOPPED'], ['b1', 'RUNNING'], ['b1', 'EXITED', false]], expected: ['EXITED', false, []] },
    { title: 'nothing running but a STOPPING info elsewhere gives STOPPING', events: [['b1', 'STOPPING'], ['a1', 'EXITED', false]], expected: ['STOPPING', true, []] },
    { title: 'conflict: RUNNING wins over BACKOFF and STARTING', events: [['a1', 'STARTING'], ['b1', 'BACKOFF'], ['c1', 'RUNNING']], expected: ['RUNNING', true, ['a1', 'b1', 'c1']] },
    { title: 'conflict: BACKOFF wins over STARTING', events: [['a1', 'STARTING'], ['b1', 'BACKOFF']], expected: ['BACKOFF', true, ['a1', 'b1']] },
    { title: 'conflict: STOPPING only when no running-like state is left', events: [['a1', 'RUNNING'], ['b1', 'RUNNING'], ['a1', 'STOPPING'], ['b1', 'STOPPING']], expected: ['STOPPING', true, ['a1', 'b1']] },
    { title: 'stopping while another copy starts', events: [['a1', 'RUNNING'], ['b1', 'STARTING'], ['a1', 'STOPPING']], expected: ['STARTING', true, ['a1', 'b1']] },
    { title: 'a start while something runs adds to the running identifiers', events: [['a1', 'RUNNING'], ['b1', 'STOPPED'], ['b1', 'STARTING']], expected: ['RUNNING', true, ['a1', 'b1']] },
    { title: 'the conflict ends when one copy stops', events: [['a1', 'RUNNING'], ['b1', 'RUNNING'], ['a1', 'EXITED']], expected: ['RUNNING', true, ['b1']] },
  ];
  for (const row of table) {
    it(row.title, () => assert.deepEqual(summary(replay(row.events).synthesis), row.expected));
  }

  it('a conflict keeps the previous expected_exit', () => {
    const previous: ProcessSynthesis = { state: 'RUNNING', expectedExit: false, runningIdentifiers: ['c1'], forced: null };
    const conflict = replay([['a1', 'RUNNING']], previous, new Map([['c1', info('RUNNING')]]));
    assert.deepEqual(summary(conflict.synthesis), ['RUNNING', false, ['c1', 'a1']]);
  });

  it('a start after a stopped synthetic state replaces leftover running identifiers', () => {
    const previous: ProcessSynthesis = { state: 'UNKNOWN', expectedExit: true, runningIdentifiers: ['a1'], forced: null };
    const started = replay([['b1', 'STARTING']], previous, new Map([['a1', info('UNKNOWN')]]));
    assert.deepEqual(summary(started.synthesis), ['STARTING', true, ['b1']]);
  });

  it('an instance that no longer defines the process no longer runs it', () => {
    const { synthesis, infos } = replay([['a1', 'RUNNING'], ['b1', 'RUNNING']]);
    infos.delete('a1');
    assert.deepEqual(summary(updateStatus(synthesis, 'a1', infos)), ['RUNNING', true, ['b1']]);
  });

  describe('predicates', () => {
    const of = (state: ProcessState, runningIdentifiers: string[] = [], expectedExit = true): ProcessSynthesis => ({ state, expectedExit, runningIdentifiers, forced: null });

    it('running / stopped: STOPPING is neither', () => {
      assert.deepEqual((['RUNNING', 'BACKOFF', 'STARTING', 'STOPPING', 'STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'] as const).map((state) => [running(of(state)), stopped(of(state))]), [
        [true, false],
        [true, false],
        [true, false],
        [false, false],
        [false, true],
        [false, true],
        [false, true],
        [false, true],
      ]);
    });

    it('runningOn needs a running state and the identifier', () => {
      assert.equal(runningOn(of('RUNNING', ['a1']), 'a1'), true);
      assert.equal(runningOn(of('RUNNING', ['a1']), 'b1'), false);
      assert.equal(runningOn(of('STOPPING', ['a1']), 'a1'), false);
    });

    it('crashed: FATAL or unexpected EXITED, on the real state', () => {
      assert.equal(crashed(of('FATAL')), true);
      assert.equal(crashed(of('EXITED', [], false)), true);
      assert.equal(crashed(of('EXITED', [], true)), false);
      assert.equal(crashed({ ...of('STOPPED'), forced: { state: 'FATAL', reason: 'No resource available' } }), false);
      assert.equal(crashedOn({ state: 'EXITED', expected: false }), true);
      assert.equal(crashedOn({ state: 'STOPPED', expected: false }), false);
    });

    it('conflicting: more than one running identifier; conflicts only in managed applications', () => {
      assert.equal(conflicting(of('RUNNING', ['a1'])), false);
      assert.equal(conflicting(of('RUNNING', ['a1', 'b1'])), true);
      const processes = [
        { name: 'managed', managed: true, synthesis: of('RUNNING', ['a1', 'b1']) },
        { name: 'unmanaged', managed: false, synthesis: of('RUNNING', ['a1', 'b1']) },
        { name: 'single', managed: true, synthesis: of('RUNNING', ['a1']) },
      ];
      assert.deepEqual(conflicts(processes).map((process) => process.name), ['managed']);
    });

    it('disabled only when disabled on every instance configuring it', () => {
      const infos = new Map([['a1', info('STOPPED', 0, true, true)], ['b1', info('STOPPED')]]);
      assert.equal(disabled(infos), false);
      assert.equal(disabled(new Map([['a1', info('STOPPED', 0, true, true)]])), true);
      assert.equal(disabled(new Map()), false);
      assert.equal(disabledOn(infos, 'a1'), true);
      assert.equal(disabledOn(infos, 'b1'), false);
      assert.equal(disabledOn(infos, 'c1'), false);
    });

    it('uptime counts for RUNNING and STOPPING only, on the reporting clock', () => {
      assert.deepEqual((['RUNNING', 'STOPPING', 'STARTING', 'BACKOFF', 'EXITED'] as const).map((state) => uptime({ state, nowMonotonic: 500, startMonotonic: 200 })), [300, 300, 0, 0, 0]);
    });
  });

  describe('forced state (states.md §4.4)', () => {
    const base: ProcessSynthesis = { state: 'STOPPED', expectedExit: true, runningIdentifiers: [], forced: null };
    const fatal = { state: 'FATAL' as const, reason: 'process RUNNING event not received in time' };

    it('applies without target, or when no newer real event came from the target', () => {
      assert.deepEqual(forceState(base, fatal, undefined, 10).forced, fatal);
      assert.deepEqual(forceState(base, fatal, 10, 10).forced, fatal);
      assert.equal(forceState(base, fatal, 11, 10), base);
    });

    it('is what is displayed, the real state unchanged', () => {
      const forced = forceState(base, fatal, undefined, 10);
      assert.equal(displayedState(forced), 'FATAL');
      assert.equal(forced.state, 'STOPPED');
      assert.equal(displayedState(base), 'STOPPED');
    });

    it('is cleared by the next real event, and by a full info unless it is STOPPED', () => {
      const forced = forceState(base, fatal, undefined, 10);
      assert.equal(updateStatus(forced, 'a1', new Map([['a1', info('STOPPED')]])).forced, null);
      assert.deepEqual(updateStatus(forced, 'a1', new Map([['a1', info('STOPPED')]]), 'full-info').forced, fatal);
      assert.equal(updateStatus(forced, 'a1', new Map([['a1', info('RUNNING')]]), 'full-info').forced, null);
    });
  });
});
