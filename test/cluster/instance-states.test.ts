import assert from 'node:assert/strict';
import { acceptsProcessEvents, authorize, authorizationCode, handshakeNotificationAccepted, inactiveInstances, invalidate, isInactive, onAuthorization, onFailure, onHeartbeat, onLocalRound, onProcessSnapshot, sameStrategies, sendsTo, strategiesOf, transition, type Authorization, type HeartbeatRecord } from '../../cluster/instance-states.js';
import { type InstanceState, instanceStateCode, instanceStateNames, instanceStateOfCode, isActive, type SupvisorsState, supvisorsStateNames } from '../../vocabulary/supvisors-states.js';

const allowed: Record<InstanceState, InstanceState[]> = {
  STOPPED: ['CHECKING'],
  CHECKING: ['STOPPED', 'CHECKED', 'FAILED', 'ISOLATED'],
  CHECKED: ['RUNNING', 'FAILED'],
  RUNNING: ['FAILED'],
  FAILED: ['STOPPED', 'ISOLATED'],
  ISOLATED: [],
};

const clock = (round: number): { round: number; timeMs: number; monotonicMs: number } => ({ round, timeMs: 1_700_000_000_000 + round * 1000, monotonicMs: round * 1000 });
const beat = (counter: number): { counter: number; timeMs: number; monotonicMs: number } => ({ counter, timeMs: counter * 1000, monotonicMs: counter * 1000 });

describe('cluster instance-states', () => {
  it('has the 0.19 names and wire codes STOPPED 0 .. ISOLATED 5 (states.md §2, xmlrpc.md §3.2)', () => {
    assert.deepEqual(
      instanceStateNames.map((name) => [name, instanceStateCode(name)]),
      [
        ['STOPPED', 0],
        ['CHECKING', 1],
        ['CHECKED', 2],
        ['RUNNING', 3],
        ['FAILED', 4],
        ['ISOLATED', 5],
      ],
    );
    assert.equal(instanceStateOfCode(5), 'ISOLATED');
    assert.equal(instanceStateOfCode(6), undefined);
    assert.equal(instanceStateOfCode(-1), undefined);
    assert.equal(instanceStateOfCode(1.5), undefined);
  });

  it('counts CHECKING, CHECKED, RUNNING, FAILED as active (states.md §2.1)', () => {
    assert.deepEqual(
      instanceStateNames.filter((name) => isActive(name)),
      ['CHECKING', 'CHECKED', 'RUNNING', 'FAILED'],
    );
  });

  for (const from of instanceStateNames) {
    for (const to of instanceStateNames) {
      const expected = from === to || allowed[from].includes(to);
      it(`${expected ? 'allows' : 'refuses'} ${from} -> ${to} (states.md §2.1)`, () => {
        const result = transition(from, to);
        assert.equal(result.ok, expected);
        if (result.ok) assert.equal(result.changed, from !== to);
        else assert.equal(result.error.message, `unexpected instance transition ${from} -> ${to}`);
      });
    }
  }

  describe('heartbeats (states.md §2.2–§2.3, protocol.md §3)', () => {
    it('starts checking the local instance at a round while it is STOPPED (states.md §2.2)', () => {
      for (const state of instanceStateNames) assert.equal(onLocalRound(state).startHandshake, state === 'STOPPED', state);
    });

    const table: [InstanceState, InstanceState, string][] = [
      ['STOPPED', 'STOPPED', 'local-not-ready'],
      ['CHECKING', 'STOPPED', 'local-not-ready'],
      ['CHECKED', 'STOPPED', 'handshake'],
      ['RUNNING', 'STOPPED', 'handshake'],
      ['RUNNING', 'CHECKING', 'accepted'],
      ['RUNNING', 'RUNNING', 'accepted'],
      ['RUNNING', 'FAILED', 'accepted'],
      ['RUNNING', 'ISOLATED', 'isolated'],
    ];
    for (const [localState, peerState, expected] of table) {
      it(`local ${localState}, peer ${peerState}: ${expected} (remote heartbeats need the local instance CHECKED or RUNNING)`, () => {
        const outcome = onHeartbeat({ localState, peerState, previous: undefined, heartbeat: beat(3), now: clock(7) });
        if (expected === 'local-not-ready' || expected === 'isolated') {
          assert.deepEqual(outcome, { accepted: false, reason: expected });
        } else {
          assert.ok(outcome.accepted);
          assert.equal(outcome.startHandshake, expected === 'handshake');
          assert.deepEqual(outcome.record, { remote: beat(3), local: clock(7), restarted: false });
        }
      });
    }

    it('marks a counter going backwards as a stealth restart, sticky until the record is dropped (protocol.md §3)', () => {
      const first = onHeartbeat({ localState: 'RUNNING', peerState: 'RUNNING', previous: undefined, heartbeat: beat(10), now: clock(1) });
      assert.ok(first.accepted);
      const restarted = onHeartbeat({ localState: 'RUNNING', peerState: 'RUNNING', previous: first.record, heartbeat: beat(0), now: clock(2) });
      assert.ok(restarted.accepted && restarted.stealthRestart && restarted.record.restarted);
      const after = onHeartbeat({ localState: 'RUNNING', peerState: 'RUNNING', previous: restarted.record, heartbeat: beat(1), now: clock(3) });
      assert.ok(after.accepted && !after.stealthRestart && after.record.restarted);
      assert.equal(isInactive(after.record, 3, 2), true);
    });

    it('fails an instance after more than inactivity_ticks rounds without heartbeat (states.md §2.3)', () => {
      const record: HeartbeatRecord = { remote: beat(4), local: clock(10), restarted: false };
      const table: [number, number, boolean][] = [
        [10, 2, false],
        [12, 2, false],
        [13, 2, true],
        [15, 5, false],
        [16, 5, true],
      ];
      for (const [round, ticks, expected] of table) assert.equal(isInactive(record, round, ticks), expected, `${round}/${ticks}`);
      assert.equal(isInactive(undefined, 100, 2), false);
    });

    it('lists the active remote instances to fail, never the local one nor FAILED ones again (states.md §2.3)', () => {
      const old: HeartbeatRecord = { remote: beat(1), local: clock(0), restarted: false };
      const fresh: HeartbeatRecord = { remote: beat(9), local: clock(9), restarted: false };
      const states = new Map<string, InstanceState>([
        ['local', 'RUNNING'],
        ['checking', 'CHECKING'],
        ['checked', 'CHECKED'],
        ['running', 'RUNNING'],
        ['fresh', 'RUNNING'],
        ['failed', 'FAILED'],
        ['stopped', 'STOPPED'],
        ['isolated', 'ISOLATED'],
      ]);
      const heartbeats = new Map([...states.keys()].map((identifier) => [identifier, identifier === 'fresh' ? fresh : old]));
      assert.deepEqual(inactiveInstances({ localIdentifier: 'local', states, heartbeats, round: 10, inactivityTicks: 2 }), ['checking', 'checked', 'running']);
    });
  });

  it('sets FAILED on failure from CHECKING, CHECKED, RUNNING, never the local instance (states.md §2.2, protocol.md §11)', () => {
    for (const state of instanceStateNames) {
      assert.equal(onFailure(state, false), ['CHECKING', 'CHECKED', 'RUNNING'].includes(state) ? 'FAILED' : undefined, state);
      assert.equal(onFailure(state, true), undefined, `local ${state}`);
    }
  });

  it('sends heartbeats to all but ISOLATED, other publications to active instances only (protocol.md §1.2)', () => {
    for (const state of instanceStateNames) {
      assert.equal(sendsTo(state, 'heartbeat'), state !== 'ISOLATED', state);
      assert.equal(sendsTo(state, 'other'), isActive(state), state);
    }
  });

  it('accepts process events only from CHECKED or RUNNING senders (protocol.md §2.1, §4.1)', () => {
    assert.deepEqual(
      instanceStateNames.filter((state) => acceptsProcessEvents(state)),
      ['CHECKED', 'RUNNING'],
    );
  });

  describe('handshake (protocol.md §4)', () => {
    const local = strategiesOf({ autoFence: false, startingStrategy: 'CONFIG', conciliationStrategy: 'USER', supvisorsFailureStrategy: 'CONTINUE' });

    it('builds the get_strategies struct with the hyphenated auto-fencing key (config.md §6, xmlrpc.md §7.1)', () => {
      assert.deepEqual(local, { 'auto-fencing': false, starting: 'CONFIG', conciliation: 'USER', supvisors_failure: 'CONTINUE' });
    });

    it('compares the strategies struct for exact equality (config.md §6)', () => {
      const table: [unknown, boolean][] = [
        [{ ...local }, true],
        [{ ...local, 'auto-fencing': true }, false],
        [{ ...local, starting: 'LESS_LOADED' }, false],
        [{ ...local, conciliation: 'STOP' }, false],
        [{ ...local, supvisors_failure: 'RESYNC' }, false],
        [{ ...local, extra: 1 }, false],
        [{ 'auto-fencing': false, starting: 'CONFIG', conciliation: 'USER' }, false],
        [{ ...local, 'auto-fencing': 0 }, false],
        [null, false],
        [undefined, false],
        [[local], false],
      ];
      for (const [remote, expected] of table) assert.equal(sameStrategies(local, remote), expected, JSON.stringify(remote));
    });

    const table: [string, number | undefined, unknown, Authorization][] = [
      ['a fault on get_instance_info gives UNKNOWN', undefined, local, 'UNKNOWN'],
      ['an unknown state code gives NOT_AUTHORIZED', 9, local, 'NOT_AUTHORIZED'],
      ['the peer seeing us ISOLATED gives NOT_AUTHORIZED (isolation reciprocity)', 5, local, 'NOT_AUTHORIZED'],
      ['isolation is checked before the strategies', 5, null, 'NOT_AUTHORIZED'],
      ['different strategies give INCONSISTENT', 1, { ...local, starting: 'LOCAL' }, 'INCONSISTENT'],
      ['a fault on get_strategies gives INCONSISTENT', 3, null, 'INCONSISTENT'],
      ['otherwise AUTHORIZED', 1, local, 'AUTHORIZED'],
      ['otherwise AUTHORIZED (peer sees us STOPPED)', 0, local, 'AUTHORIZED'],
    ];
    for (const [what, seenAs, remoteStrategies, expected] of table) {
      it(`${what} (protocol.md §4 step 2)`, () => {
        assert.equal(authorize({ seenAs, remoteStrategies, localStrategies: local }), expected);
      });
    }

    it('has the AuthorizationTypes wire codes (protocol.md §2)', () => {
      assert.deepEqual(
        (['UNKNOWN', 'AUTHORIZED', 'NOT_AUTHORIZED', 'INCONSISTENT'] as const).map((name) => authorizationCode(name)),
        [0, 1, 2, 3],
      );
    });

    const outcomes: [Authorization, boolean, InstanceState][] = [
      ['UNKNOWN', false, 'STOPPED'],
      ['AUTHORIZED', false, 'CHECKED'],
      ['NOT_AUTHORIZED', false, 'ISOLATED'],
      ['INCONSISTENT', false, 'ISOLATED'],
      ['INCONSISTENT', true, 'STOPPED'],
    ];
    for (const [authorization, isLocal, expected] of outcomes) {
      it(`${authorization} sets ${isLocal ? 'the local' : 'a remote'} instance ${expected} (protocol.md §4 outcomes, states.md §2.4)`, () => {
        assert.deepEqual(onAuthorization({ state: 'CHECKING', isLocal, checkingTimeMs: 100, handshakeTimeMs: 101, authorization }), { accepted: true, next: expected });
      });
    }

    it('drops an authorization when not CHECKING or from an older handshake (protocol.md §4)', () => {
      assert.deepEqual(onAuthorization({ state: 'STOPPED', isLocal: false, checkingTimeMs: 100, handshakeTimeMs: 101, authorization: 'AUTHORIZED' }), { accepted: false, reason: 'not-checking' });
      assert.deepEqual(onAuthorization({ state: 'CHECKING', isLocal: false, checkingTimeMs: 100, handshakeTimeMs: 100, authorization: 'AUTHORIZED' }), { accepted: false, reason: 'stale' });
      assert.equal(handshakeNotificationAccepted('CHECKING', 100, 101), true);
      assert.equal(handshakeNotificationAccepted('CHECKING', 100, 99), false);
      assert.equal(handshakeNotificationAccepted('CHECKED', 100, 101), false);
    });

    it('sets STOPPED on a missing process snapshot and loads one only while CHECKING (protocol.md §2.3)', () => {
      assert.deepEqual(onProcessSnapshot('CHECKING', true), { next: 'STOPPED', load: false });
      assert.deepEqual(onProcessSnapshot('CHECKING', false), { next: undefined, load: true });
      assert.deepEqual(onProcessSnapshot('RUNNING', false), { next: undefined, load: false });
    });
  });

  describe('invalidation (states.md §2.4, protocol.md §7)', () => {
    it('sets the local instance STOPPED whatever the fence', () => {
      assert.equal(invalidate({ isLocal: true, fence: true, autoFence: true, masterState: 'OPERATION' }), 'STOPPED');
    });

    it('isolates when fenced, whatever auto_fence', () => {
      assert.equal(invalidate({ isLocal: false, fence: true, autoFence: false, masterState: undefined }), 'ISOLATED');
    });

    const masterStates: (SupvisorsState | undefined)[] = [undefined, ...supvisorsStateNames];
    for (const masterState of masterStates) {
      const working = masterState !== undefined && ['ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION'].includes(masterState);
      it(`auto_fence with the Master ${masterState ?? 'unknown'}: ${working ? 'ISOLATED' : 'STOPPED'}`, () => {
        assert.equal(invalidate({ isLocal: false, fence: false, autoFence: true, masterState }), working ? 'ISOLATED' : 'STOPPED');
        assert.equal(invalidate({ isLocal: false, fence: false, autoFence: false, masterState }), 'STOPPED');
      });
    }
  });
});
