/**
 * The Stopper's state machine alone (jobs/stop-jobs.ts): events in, effects out.
 */
import assert from 'node:assert/strict';
import { initialStopper, isStopping, stopKey, stopperStep, type ProcessStop, type StopCheck, type StopperEffect, type StopperEvent, type StopperState } from '../../jobs/stop-jobs.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

type Effect = StopperEffect<string>;

const at = (monotonic: number) => ({ monotonic, epoch: 1_000_000 + monotonic });
const stop = (namespec: string, identifier: string, stopSequence: number): ProcessStop => ({ namespec, identifier, stopSequence });

class Driver {
  state: StopperState<string> = initialStopper<string>(5);
  effects: Effect[] = [];
  now = 10;

  send(event: StopperEvent<string>): Effect[] {
    const step = stopperStep(this.state, event);
    this.state = step.state;
    this.effects.push(...step.effects);
    return [...step.effects];
  }

  checking(application: string): Extract<Effect, { type: 'check' }> {
    const check = this.effects.filter((effect): effect is Extract<Effect, { type: 'check' }> => effect.type === 'check' && effect.application === application).at(-1);
    assert.ok(check !== undefined, `a check of ${application}`);
    return check;
  }

  /** Answers the pending check: every stop to send, unless told otherwise. */
  check(application: string, special: Record<string, StopCheck> = {}): Effect[] {
    const check = this.checking(application);
    const checks = new Map<string, StopCheck>(check.stage.map((one) => [stopKey(one), special[stopKey(one)] ?? { kind: 'send', state: 'RUNNING', stopwaitsecs: 10 }]));
    return this.send({ type: 'stage-checked', application, check: check.check, checks, now: at(this.now) });
  }

  /** `respawns`: EXITED, and Supervisor's autorestart spawns it again. */
  report(namespec: string, identifier: string, state: ProcessState, respawns = false): void {
    this.send({ type: 'reports', reports: [{ namespec, identifier, state, respawns }], now: at(this.now) });
  }

  of<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);
  }
}

describe('stop jobs (pure state machine)', () => {
  it('stops an application greatest stop_sequence first, one batch per instance, then tells its callers', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:db', 'A', 1), stop('app:web', 'A', 2), stop('app:web', 'B', 2), stop('app:api', 'A', 2)], waiter: 'caller' });
    assert.equal(isStopping(driver.state), true);
    assert.deepEqual(driver.checking('app').stage.map(stopKey), ['app:web@A', 'app:web@B', 'app:api@A']);
    const effects = driver.check('app');
    assert.deepEqual(
      effects.filter((effect) => effect.type === 'stop'),
      [
        { type: 'stop', target: 'A', namespecs: ['app:web', 'app:api'] },
        { type: 'stop', target: 'B', namespecs: ['app:web'] },
      ],
    );
    driver.report('app:web', 'A', 'STOPPING');
    driver.report('app:web', 'A', 'STOPPED');
    driver.report('app:web', 'B', 'EXITED');
    assert.equal(driver.of('check').length, 1, 'the stage waits for api');
    driver.report('app:api', 'A', 'STOPPED');
    assert.deepEqual(driver.checking('app').stage.map(stopKey), ['app:db@A']);
    driver.check('app');
    driver.report('app:db', 'A', 'FATAL');
    assert.deepEqual(driver.of('finished'), [{ type: 'finished', application: 'app', waiters: ['caller'] }]);
    assert.equal(isStopping(driver.state), false);
  });

  it('stops the applications of one stop_sequence in parallel, the greatest sequence first', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'low', key: 1, stops: [stop('low:x', 'A', 0)] });
    driver.send({ type: 'stop', application: 'high1', key: 3, stops: [stop('high1:x', 'A', 0)] });
    driver.send({ type: 'stop', application: 'high2', key: 3, stops: [stop('high2:x', 'B', 0)] });
    assert.deepEqual(driver.of('check').map((check) => check.application), ['low'], 'low was alone when asked');
    driver.check('low');
    driver.report('low:x', 'A', 'STOPPED');
    assert.deepEqual(driver.of('check').map((check) => check.application), ['low', 'high1', 'high2']);
  });

  it('skips a stop of a process stopped meanwhile, follows one already STOPPING without sending it', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:gone', 'A', 1), stop('app:going', 'A', 1)] });
    const effects = driver.check('app', { 'app:gone@A': { kind: 'skip' }, 'app:going@A': { kind: 'follow', state: 'STOPPING', stopwaitsecs: 10 } });
    assert.deepEqual(effects.filter((effect) => effect.type === 'stop'), []);
    assert.equal(isStopping(driver.state), true);
    driver.now = 26;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-stopped'), [{ type: 'force-stopped', namespec: 'app:going', reason: 'process STOPPED event not received in time', target: 'A', at: 26 }]);
    assert.equal(driver.of('finished').length, 1);
  });

  it('a stop without news within stopwaitsecs + margin is shown STOPPED; a refused one ends at once', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:a', 'A', 1), stop('app:b', 'B', 1)] });
    driver.check('app');
    driver.send({ type: 'command-failed', namespec: 'app:b', identifier: 'B', reason: 'BAD_NAME: app:b', stoppedMeanwhile: false });
    driver.now = 25;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-stopped'), [], '10 s + 5 s not over');
    driver.now = 25.5;
    driver.send({ type: 'tick', now: at(driver.now) });
    assert.deepEqual(driver.of('force-stopped'), [{ type: 'force-stopped', namespec: 'app:a', reason: 'process STOPPING event not received in time', target: 'A', at: 25.5 }]);
    assert.equal(driver.of('finished').length, 1);
  });

  describe("against Supervisor's autorestart", () => {
    /** The stops sent so far, as `namespec@target`. */
    const sent = (driver: Driver): string[] => driver.of('stop').flatMap((effect) => effect.namespecs.map((namespec) => `${namespec}@${effect.target}`));

    it('follows a process EXITED that autorestart spawns again, and stops it once it is STARTING', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:crashy', 'A', 1)], waiter: 'caller' });
      driver.check('app', { 'app:crashy@A': { kind: 'follow', state: 'EXITED', stopwaitsecs: 10 } });
      assert.deepEqual(sent(driver), []);
      driver.report('app:crashy', 'A', 'STARTING');
      assert.deepEqual(sent(driver), ['app:crashy@A']);
      driver.report('app:crashy', 'A', 'STARTING');
      assert.deepEqual(sent(driver), ['app:crashy@A'], 'once per new spawn');
      driver.report('app:crashy', 'A', 'STOPPING');
      assert.deepEqual(driver.of('finished'), []);
      driver.report('app:crashy', 'A', 'STOPPED');
      assert.deepEqual(driver.of('finished'), [{ type: 'finished', application: 'app', waiters: ['caller'] }]);
    });

    it('a stopped process that exits by itself before the stop lands, and is spawned again, gets its stop again', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:crashy', 'A', 1)], waiter: 'caller' });
      driver.check('app');
      assert.deepEqual(sent(driver), ['app:crashy@A']);
      // it exited on its own: supervisord refuses the stop, and autorestart spawns it again
      driver.send({ type: 'command-failed', namespec: 'app:crashy', identifier: 'A', reason: 'NOT_RUNNING: app:crashy', stoppedMeanwhile: true });
      driver.report('app:crashy', 'A', 'EXITED', true);
      assert.deepEqual(driver.of('finished'), [], 'EXITED, to be spawned again: not stopped');
      driver.report('app:crashy', 'A', 'STARTING');
      assert.deepEqual(sent(driver), ['app:crashy@A', 'app:crashy@A']);
      driver.report('app:crashy', 'A', 'STOPPED');
      assert.equal(driver.of('finished').length, 1);
      assert.deepEqual(driver.of('force-stopped'), []);
    });

    it('a spawn seen without its EXITED (two changes in one report) gets the stop again too', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:crashy', 'A', 1)] });
      driver.check('app');
      driver.report('app:crashy', 'A', 'STARTING');
      assert.deepEqual(sent(driver), ['app:crashy@A', 'app:crashy@A']);
    });

    it('a process checked STARTING gets one stop, not another for the same spawn', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:slow', 'A', 1)] });
      driver.check('app', { 'app:slow@A': { kind: 'send', state: 'STARTING', stopwaitsecs: 10 } });
      driver.report('app:slow', 'A', 'STARTING');
      assert.deepEqual(sent(driver), ['app:slow@A']);
    });

    it('an EXITED whose new spawn does not come is done at the deadline, not shown STOPPED by force; an EXITED for good is done at once', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:once', 'A', 1), stop('app:crashy', 'A', 1)], waiter: 'caller' });
      driver.check('app', { 'app:crashy@A': { kind: 'follow', state: 'EXITED', stopwaitsecs: 10 } });
      driver.report('app:once', 'A', 'EXITED');
      assert.deepEqual(driver.of('finished'), []);
      driver.now = 25.5;
      driver.send({ type: 'tick', now: at(driver.now) });
      assert.deepEqual(driver.of('force-stopped'), []);
      assert.equal(driver.of('finished').length, 1);
    });

    it('NOT_RUNNING leaves the stop to the report of its stopped state', () => {
      const driver = new Driver();
      driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:a', 'A', 1)] });
      driver.check('app');
      driver.send({ type: 'command-failed', namespec: 'app:a', identifier: 'A', reason: 'NOT_RUNNING: app:a', stoppedMeanwhile: true });
      assert.equal(driver.of('finished').length, 0);
      driver.report('app:a', 'A', 'STOPPED');
      assert.equal(driver.of('finished').length, 1);
    });
  });

  it('a lost instance leaves nothing to wait for: its stops end, the others go on', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:a', 'A', 1), stop('app:b', 'B', 1)], waiter: 'caller' });
    driver.check('app');
    driver.send({ type: 'targets-lost', identifiers: ['B'] });
    assert.deepEqual(driver.of('finished'), [], 'a still stopping');
    driver.report('app:a', 'A', 'STOPPED');
    assert.deepEqual(driver.of('finished'), [{ type: 'finished', application: 'app', waiters: ['caller'] }]);
    assert.deepEqual(driver.of('force-stopped'), []);
  });

  it('merges a process stop into its application job, once; an abort tells every caller', () => {
    const driver = new Driver();
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:web', 'A', 2), stop('app:db', 'A', 1)], waiter: 'app-caller' });
    driver.check('app');
    driver.send({ type: 'stop', application: 'app', key: 1, stops: [stop('app:web', 'A', 2), stop('app:cli', 'B', 3)], waiter: 'cli-caller' });
    driver.report('app:web', 'A', 'STOPPED');
    assert.deepEqual(driver.checking('app').stage.map(stopKey), ['app:cli@B'], 'greatest sequence left first, web not again');
    driver.send({ type: 'abort' });
    assert.deepEqual(driver.of('aborted'), [{ type: 'aborted', waiters: ['app-caller', 'cli-caller'] }]);
    assert.equal(isStopping(driver.state), false);
    driver.check('app');
    assert.deepEqual(driver.of('stop').length, 1, 'an answer for an aborted job sends nothing');
  });
});
