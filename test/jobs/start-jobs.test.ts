/**
 * The Starter's state machine alone (jobs/start-jobs.ts): events in, effects out, no actor, no
 * clock. Each case drives it as the shell would: placements answered, reports of the targets.
 */
import assert from 'node:assert/strict';
import { initialStarter, isStarting, starterStep, type Placement, type ProcessStart, type StarterEffect, type StarterEvent, type StarterState } from '../../jobs/start-jobs.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';
import type { StartingFailureStrategy } from '../../vocabulary/strategies.js';

type State = StarterState<string>;
type Effect = StarterEffect<string>;

const at = (monotonic: number) => ({ monotonic, epoch: 1_000_000 + monotonic });

function process(namespec: string, startSequence: number, rules: Partial<ProcessStart> = {}): ProcessStart {
  return { namespec, startSequence, extraArgs: undefined, ignoreWaitExit: false, waitExit: false, required: false, startingFailureStrategy: 'ABORT', expectedLoading: 0, ...rules };
}

/** A small driver: the state, and every effect so far. */
class Driver {
  state: State = initialStarter<string>(5);
  effects: Effect[] = [];
  now = 10;

  send(event: StarterEvent<string>): Effect[] {
    const step = starterStep(this.state, event);
    this.state = step.state;
    this.effects.push(...step.effects);
    return [...step.effects];
  }

  /** The pending `place` of an application. */
  placing(application: string): Extract<Effect, { type: 'place' }> {
    const place = this.effects.filter((effect): effect is Extract<Effect, { type: 'place' }> => effect.type === 'place' && effect.application === application).at(-1);
    assert.ok(place !== undefined, `a place of ${application}`);
    return place;
  }

  /** Answers the pending placement of an application: every process on `target` unless told otherwise. */
  place(application: string, target: string, special: Record<string, Placement> = {}): Effect[] {
    const place = this.placing(application);
    const placements = new Map<string, Placement>(place.stage.map((one) => [one.namespec, special[one.namespec] ?? { kind: 'start', target, startsecs: 1 }]));
    return this.send({ type: 'stage-placed', application, placement: place.placement, placements, pinned: undefined, now: at(this.now) });
  }

  report(namespec: string, identifier: string, state: ProcessState, expected = true): Effect[] {
    return this.send({ type: 'reports', reports: [{ namespec, identifier, state, expected, start: Math.floor(at(this.now).epoch), seenAt: this.now, startsecs: 1, spawnerr: '' }], now: at(this.now) });
  }

  started(): string[] {
    return this.effects.flatMap((effect) => (effect.type === 'start' ? effect.processes.map((one) => `${one.namespec}@${effect.target}`) : []));
  }

  of<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);
  }
}

function startApplication(driver: Driver, application: string, key: number, processes: ProcessStart[], waiter?: string): void {
  driver.send({ type: 'start-application', application, key, strategy: 'CONFIG', processes, ...(waiter === undefined ? {} : { waiter }) });
}

describe('start jobs (pure state machine)', () => {
  it('runs the stages of an application one after the other, then tells its callers', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1), process('app:web', 2), process('app:api', 2)], 'caller');
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:db']);
    assert.equal(isStarting(driver.state), true);
    driver.place('app', 'A');
    assert.deepEqual(driver.started(), ['app:db@A']);
    driver.report('app:db', 'A', 'STARTING');
    assert.equal(driver.of('place').length, 1, 'STARTING is in progress');
    driver.report('app:db', 'A', 'RUNNING');
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:web', 'app:api']);
    const effects = driver.place('app', 'B');
    assert.deepEqual(effects.filter((effect) => effect.type === 'start'), [{ type: 'start', target: 'B', processes: [{ namespec: 'app:web', extraArgs: undefined }, { namespec: 'app:api', extraArgs: undefined }] }], 'one batch per target');
    driver.report('app:web', 'B', 'RUNNING');
    assert.deepEqual(driver.of('finished'), [], 'the stage waits for all its processes');
    driver.report('app:api', 'B', 'RUNNING');
    assert.deepEqual(driver.of('finished'), [{ type: 'finished', application: 'app', waiters: ['caller'] }]);
    assert.equal(isStarting(driver.state), false);
  });

  it('starts the applications of one start_sequence in parallel; the next sequence waits for all of them', () => {
    const driver = new Driver();
    startApplication(driver, 'late', 2, [process('late:x', 1)]);
    startApplication(driver, 'one', 1, [process('one:x', 1)]);
    startApplication(driver, 'two', 1, [process('two:x', 1)]);
    // `late` was alone when asked: it runs first; the two others wait for it, then go together
    assert.deepEqual(driver.of('place').map((place) => place.application), ['late']);
    driver.place('late', 'A');
    driver.report('late:x', 'A', 'RUNNING');
    assert.deepEqual(driver.of('place').map((place) => place.application), ['late', 'one', 'two']);
    driver.place('one', 'A');
    driver.place('two', 'B');
    startApplication(driver, 'three', 1, [process('three:x', 1)]);
    assert.equal(driver.of('place').at(-1)?.application, 'three', 'a job of the running sequence joins it');
    startApplication(driver, 'zero', 0, [process('zero:x', 1)]);
    assert.equal(driver.of('place').at(-1)?.application, 'three', 'another sequence waits');
    driver.place('three', 'A');
    driver.report('one:x', 'A', 'RUNNING');
    driver.report('two:x', 'B', 'RUNNING');
    assert.equal(driver.of('place').at(-1)?.application, 'three', 'still waiting for three');
    driver.report('three:x', 'A', 'RUNNING');
    assert.equal(driver.of('place').at(-1)?.application, 'zero');
  });

  it('a wait_exit program holds the next stage until it exits as expected; a single start does not wait', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:init', 1, { waitExit: true }), process('app:web', 2)]);
    driver.place('app', 'A');
    driver.report('app:init', 'A', 'RUNNING');
    driver.now = 1000;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-fatal'), [], 'no timeout while it runs');
    assert.equal(driver.of('place').length, 1);
    driver.report('app:init', 'A', 'EXITED', true);
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:web']);

    const single = new Driver();
    single.send({ type: 'start-processes', application: 'app', key: 1, strategy: 'CONFIG', processes: [process('app:init', 1, { waitExit: true, ignoreWaitExit: true })], waiter: 'caller' });
    single.place('app', 'A');
    single.report('app:init', 'A', 'RUNNING');
    assert.deepEqual(single.of('finished'), [{ type: 'finished', application: 'app', waiters: ['caller'] }]);
  });

  describe('a failed start of a required program applies its starting_failure_strategy', () => {
    const rows: { strategy: StartingFailureStrategy; required: boolean; nextStage: boolean; stop: boolean }[] = [
      { strategy: 'ABORT', required: true, nextStage: false, stop: false },
      { strategy: 'STOP', required: true, nextStage: false, stop: true },
      { strategy: 'CONTINUE', required: true, nextStage: true, stop: false },
      { strategy: 'STOP', required: false, nextStage: true, stop: false },
    ];
    for (const row of rows) {
      it(`${row.strategy}${row.required ? '' : ' (not required)'}: next stage ${row.nextStage ? 'started' : 'dropped'}${row.stop ? ', application stopped' : ''}`, () => {
        const driver = new Driver();
        startApplication(driver, 'app', 1, [process('app:db', 1, { required: row.required, startingFailureStrategy: row.strategy }), process('app:web', 2)], 'caller');
        driver.place('app', 'A');
        driver.report('app:db', 'A', 'FATAL', false);
        assert.equal(driver.of('place').length, row.nextStage ? 2 : 1);
        if (row.nextStage) {
          driver.place('app', 'A');
          driver.report('app:web', 'A', 'RUNNING');
        }
        assert.deepEqual(driver.of('stop-application'), row.stop ? [{ type: 'stop-application', application: 'app' }] : []);
        assert.equal(driver.of('finished').length, 1, 'the job is over');
        assert.match(driver.of('log').map((log) => log.text).join('\n'), /start of app:db failed: FATAL on A/);
      });
    }
  });

  it('a process without resource is shown FATAL and fails; one already running is skipped, one starting is followed', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1, { required: true }), process('app:up', 1), process('app:coming', 1), process('app:web', 2)]);
    const effects = driver.place('app', 'A', { 'app:db': { kind: 'none', reason: 'No resource available' }, 'app:up': { kind: 'skip' }, 'app:coming': { kind: 'follow', target: 'B', startsecs: 1 } });
    assert.deepEqual(
      effects.filter((effect) => effect.type === 'force-fatal'),
      [{ type: 'force-fatal', namespec: 'app:db', reason: 'No resource available' }],
    );
    assert.deepEqual(driver.started(), [], 'nothing sent: the followed start was sent before');
    assert.equal(isStarting(driver.state), true, 'the stage waits for the start followed');
    driver.report('app:coming', 'B', 'RUNNING');
    assert.equal(driver.of('place').length, 1, 'ABORT of the required db dropped stage 2');
    assert.equal(driver.of('finished').length, 1);
  });

  it('a start without news times out: shown FATAL (dismissable by the target), without the failure strategy', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1, { required: true }), process('app:web', 2)]);
    driver.place('app', 'A');
    driver.now = 15;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-fatal'), [], 'startsecs 1 + margin 5 not over yet');
    driver.report('app:db', 'A', 'BACKOFF');
    driver.now = 20.5;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-fatal'), [], 'BACKOFF restarted the count');
    driver.now = 21.5;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-fatal'), [{ type: 'force-fatal', namespec: 'app:db', reason: 'process RUNNING event not received in time', target: 'A', at: 21.5 }]);
    assert.equal(driver.of('place').length, 2, 'not a starting failure: the next stage goes on');
  });

  it('ignores reports of an earlier run of the target, and a STOPPED still on its way', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1)]);
    driver.place('app', 'A');
    driver.send({ type: 'reports', reports: [{ namespec: 'app:db', identifier: 'A', state: 'FATAL', expected: false, start: 0, seenAt: 9, startsecs: 1, spawnerr: '' }], now: at(10) });
    driver.report('app:db', 'A', 'STOPPED');
    driver.report('app:db', 'B', 'FATAL');
    assert.deepEqual(driver.of('finished'), [], 'an old report, a STOPPED, another instance: nothing settled');
    driver.report('app:db', 'A', 'RUNNING');
    assert.equal(driver.of('finished').length, 1);
  });

  it('a target lost mid-stage fails its starts; a refused start is shown FATAL and fails', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1, { required: true, startingFailureStrategy: 'CONTINUE' }), process('app:api', 1, { required: true }), process('app:web', 2)]);
    driver.place('app', 'A', { 'app:api': { kind: 'start', target: 'B', startsecs: 1 } });
    driver.send({ type: 'targets-lost', identifiers: ['A'] });
    assert.match(driver.of('log').map((log) => log.text).join('\n'), /start of app:db failed: A lost/);
    assert.equal(driver.of('place').length, 1, 'CONTINUE: api still in flight');
    driver.send({ type: 'command-failed', namespec: 'app:api', target: 'B', reason: 'DISABLED: app:api' });
    assert.deepEqual(driver.of('force-fatal').at(-1), { type: 'force-fatal', namespec: 'app:api', reason: 'DISABLED: app:api' });
    assert.equal(driver.of('place').length, 1, 'ABORT of api dropped stage 2');
    assert.equal(driver.of('finished').length, 1);
  });

  it('a process asked alone joins its application job at its own stage, once', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1), process('app:web', 3)], 'app-caller');
    driver.place('app', 'A');
    driver.send({ type: 'start-processes', application: 'app', key: 1, strategy: 'CONFIG', processes: [process('app:tool', 2, { extraArgs: '-v' })], waiter: 'tool-caller' });
    driver.send({ type: 'start-processes', application: 'app', key: 1, strategy: 'CONFIG', processes: [process('app:web', 3)] });
    driver.report('app:db', 'A', 'RUNNING');
    assert.deepEqual(driver.placing('app').stage, [process('app:tool', 2, { extraArgs: '-v' })]);
    driver.place('app', 'A');
    assert.deepEqual(driver.of('start').at(-1), { type: 'start', target: 'A', processes: [{ namespec: 'app:tool', extraArgs: '-v' }] });
    driver.report('app:tool', 'A', 'RUNNING');
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:web'], 'web once');
    driver.place('app', 'A');
    driver.report('app:web', 'A', 'RUNNING');
    assert.deepEqual(driver.of('finished'), [{ type: 'finished', application: 'app', waiters: ['app-caller', 'tool-caller'] }]);
  });

  it('an abort keeps the jobs with their callers; resume plans the interrupted stage again, drop tells the callers', () => {
    const driver = new Driver();
    startApplication(driver, 'app', 1, [process('app:db', 1), process('app:web', 2)], 'caller');
    driver.place('app', 'A');
    driver.send({ type: 'abort' });
    assert.equal(isStarting(driver.state), false, 'no job in progress for the FSM');
    driver.report('app:db', 'A', 'RUNNING');
    assert.equal(driver.of('place').length, 1, 'an interrupted job sends nothing');
    const stale = driver.placing('app');
    driver.send({ type: 'resume' });
    const again = driver.placing('app');
    assert.deepEqual(again.stage.map((one) => one.namespec), ['app:db'], 'the interrupted stage first');
    driver.send({ type: 'stage-placed', application: 'app', placement: stale.placement, placements: new Map([['app:db', { kind: 'start', target: 'B', startsecs: 1 }]]), pinned: undefined, now: at(10) });
    assert.deepEqual(driver.started(), ['app:db@A'], 'an answer to the placement before the abort is ignored');
    driver.place('app', 'A', { 'app:db': { kind: 'skip' } });
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:web']);

    driver.send({ type: 'abort' });
    driver.send({ type: 'drop-interrupted', reason: 'B is the Master now' });
    assert.deepEqual(driver.of('interrupted'), [{ type: 'interrupted', application: 'app', waiters: ['caller'], reason: 'B is the Master now' }]);
    driver.send({ type: 'resume' });
    assert.equal(isStarting(driver.state), false, 'nothing left to resume');
  });

  it('an application start replaces the job still waiting for its group, its callers kept', () => {
    const driver = new Driver();
    startApplication(driver, 'first', 1, [process('first:x', 1)]);
    startApplication(driver, 'app', 2, [process('app:old', 1)], 'one');
    startApplication(driver, 'app', 2, [process('app:new', 1)], 'two');
    driver.place('first', 'A');
    driver.report('first:x', 'A', 'RUNNING');
    assert.deepEqual(driver.placing('app').stage.map((one) => one.namespec), ['app:new']);
    driver.place('app', 'A');
    driver.report('app:new', 'A', 'RUNNING');
    assert.deepEqual(driver.of('finished').at(-1), { type: 'finished', application: 'app', waiters: ['one', 'two'] });
  });
});
