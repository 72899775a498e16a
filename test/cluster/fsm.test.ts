import assert from 'node:assert/strict';
import { activatesChecked, SUCCESSION_WAIT_MS, closingRequest, enterActions, exitActions, fsmTransitions, isAllowedTransition, next, planTransition, type FsmAction, type FsmContext } from '../../cluster/fsm.js';
import type { SyncFailures, SyncVerdict } from '../../cluster/synchro.js';
import { closingStates, type SupvisorsState, supvisorsStateCode, supvisorsStateNames, supvisorsStateOfCode, workingStates } from '../../vocabulary/supvisors-states.js';
import type { SupvisorsFailureStrategy } from '../../vocabulary/strategies.js';

const A = 'a:1';
const B = 'b:1';

const noFailure: SyncFailures = { USER: undefined, CORE: undefined, STRICT: undefined, LIST: undefined, decisive: undefined, degradedMode: false };
const failing: SyncFailures = { ...noFailure, STRICT: true, decisive: true, degradedMode: true };
const notEnded: SyncVerdict = {
  conditions: { STRICT: false, LIST: undefined, TIMEOUT: false, CORE: undefined, USER: undefined },
  ended: false,
  endedBy: [],
  degradedMode: true,
  pending: [B],
};
const ended: SyncVerdict = { ...notEnded, conditions: { ...notEnded.conditions, TIMEOUT: true }, ended: true, endedBy: ['TIMEOUT'] };

/** The local instance is the Master, all well, in `state`. */
function context(overrides: Partial<FsmContext> = {}): FsmContext {
  return {
    state: 'OPERATION',
    localRunning: true,
    uptimeMs: 20_000,
    activated: [],
    lostInstances: [],
    stable: true,
    masterCheck: { ok: true, master: A },
    masterIdentifier: A,
    isMaster: true,
    localIdentifier: A,
    masterLostForMs: undefined,
    masterState: 'OPERATION',
    sync: notEnded,
    failures: noFailure,
    failureStrategy: 'CONTINUE',
    electedMaster: undefined,
    jobs: { starting: false, stopping: false },
    conflicts: false,
    ...overrides,
  };
}

/** A slave of B. */
function slave(overrides: Partial<FsmContext> = {}): FsmContext {
  return context({ masterCheck: { ok: true, master: B }, masterIdentifier: B, isMaster: false, ...overrides });
}

/** The Master is lost: cleared locally, declared by nobody valid. */
function masterLost(state: SupvisorsState, overrides: Partial<FsmContext> = {}): FsmContext {
  return context({ state, masterCheck: { ok: false, reason: 'no-master', masters: [''] }, masterIdentifier: '', isMaster: false, masterState: undefined, ...overrides });
}

const kinds = (actions: readonly FsmAction[]): string[] => actions.map((action) => action.kind);

describe('cluster fsm', () => {
  it('has the 0.19 names and wire codes OFF 0 .. FINAL 8, working and closing groups (states.md §1)', () => {
    assert.deepEqual(
      supvisorsStateNames.map((name) => supvisorsStateCode(name)),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(supvisorsStateNames, ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN', 'FINAL']);
    assert.equal(supvisorsStateOfCode(8), 'FINAL');
    assert.equal(supvisorsStateOfCode(9), undefined);
    assert.deepEqual(workingStates, ['ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION']);
    assert.deepEqual(closingStates, ['RESTARTING', 'SHUTTING_DOWN', 'FINAL']);
  });

  describe('allowed transitions, hard-enforced (states.md §1.1)', () => {
    const table: Record<SupvisorsState, SupvisorsState[]> = {
      OFF: ['SYNCHRONIZATION'],
      SYNCHRONIZATION: ['OFF', 'ELECTION'],
      ELECTION: ['OFF', 'SYNCHRONIZATION', 'DISTRIBUTION', 'SHUTTING_DOWN'],
      DISTRIBUTION: ['OFF', 'ELECTION', 'OPERATION', 'RESTARTING', 'SHUTTING_DOWN'],
      OPERATION: ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'],
      CONCILIATION: ['OFF', 'SYNCHRONIZATION', 'OPERATION', 'RESTARTING', 'SHUTTING_DOWN'],
      RESTARTING: ['FINAL'],
      SHUTTING_DOWN: ['FINAL'],
      FINAL: [],
    };
    for (const from of supvisorsStateNames) {
      it(`${from} -> ${table[from].join(' | ') || 'none'}`, () => {
        assert.deepEqual([...fsmTransitions[from]], table[from]);
        for (const to of supvisorsStateNames) {
          const plan = planTransition(from, to);
          const expected = from === to ? 'stay' : table[from].includes(to) ? 'move' : 'rejected';
          assert.equal(plan.kind, expected, `${from} -> ${to}`);
          assert.equal(isAllowedTransition(from, to), table[from].includes(to));
          if (plan.kind === 'rejected') assert.equal(plan.message, `unexpected transition ${from} -> ${to}`);
        }
      });
    }

    it('stops a chain that would enter a state twice in one evaluation (ours: Python would loop)', () => {
      assert.equal(planTransition('ELECTION', 'SYNCHRONIZATION', ['SYNCHRONIZATION', 'ELECTION']).kind, 'loop');
      assert.equal(planTransition('DISTRIBUTION', 'OPERATION', ['ELECTION', 'DISTRIBUTION']).kind, 'move');
    });
  });

  it('activates CHECKED instances in every state but DISTRIBUTION (states.md §1.5)', () => {
    assert.deepEqual(
      supvisorsStateNames.filter((state) => !activatesChecked(state)),
      ['DISTRIBUTION'],
    );
  });

  describe('arrivals (states.md §1.5, protocol.md §10; differs from Python: no ELECTION)', () => {
    it('in OPERATION the Master stays and starts the applications a DISTRIBUTION would, jobs or conflicts aside', () => {
      const decision = next(context({ activated: [B], jobs: { starting: true, stopping: true }, conflicts: true }));
      assert.equal(decision.next, 'OPERATION');
      assert.deepEqual(kinds(decision.actions), ['set-degraded', 'start-applications']);
    });

    it('in OPERATION a slave follows its Master as before', () => {
      const quiet = slave({ masterState: 'OPERATION' });
      assert.deepEqual(next({ ...quiet, activated: [A] }), next(quiet));
    });

    for (const state of ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN', 'FINAL'] as const) {
      it(`an activated instance in ${state} changes nothing`, () => {
        const quiet = context({ state, masterState: state, jobs: { starting: true, stopping: true } });
        assert.deepEqual(next({ ...quiet, activated: [B] }), next(quiet));
      });
    }

    it('the lost instances of the same evaluation are still told', () => {
      const decision = next(context({ activated: [B], lostInstances: ['c:1'] }));
      assert.deepEqual(kinds(decision.actions), ['set-degraded', 'inform-lost-instances', 'start-applications']);
    });
  });

  describe('OFF and FINAL (states.md §1.4)', () => {
    it('OFF -> SYNCHRONIZATION once the local instance is RUNNING', () => {
      assert.equal(next(context({ state: 'OFF', localRunning: true })).next, 'SYNCHRONIZATION');
    });

    it('OFF stays while the local instance is not RUNNING, with a critical log from 15 s', () => {
      const early = next(context({ state: 'OFF', localRunning: false, uptimeMs: 14_999 }));
      assert.equal(early.next, 'OFF');
      assert.equal(early.log, undefined);
      const late = next(context({ state: 'OFF', localRunning: false, uptimeMs: 15_000 }));
      assert.deepEqual(late.log, { level: 'critical', message: 'the local instance is still not RUNNING after 15 seconds' });
    });

    it('FINAL stays whatever happens', () => {
      assert.equal(next(masterLost('FINAL', { localRunning: false, failures: failing, failureStrategy: 'SHUTDOWN' })).next, 'FINAL');
    });
  });

  describe('the local instance not RUNNING (states.md §1.3 _OnState)', () => {
    const table: [SupvisorsState, SupvisorsState][] = [
      ['SYNCHRONIZATION', 'OFF'],
      ['ELECTION', 'OFF'],
      ['DISTRIBUTION', 'OFF'],
      ['OPERATION', 'OFF'],
      ['CONCILIATION', 'OFF'],
      ['RESTARTING', 'FINAL'],
      ['SHUTTING_DOWN', 'FINAL'],
    ];
    for (const [state, expected] of table) {
      it(`${state} -> ${expected}${expected === 'FINAL' ? ' (ending states turn any suggestion into FINAL)' : ''}`, () => {
        assert.equal(next(context({ state, localRunning: false, failures: failing, failureStrategy: 'RESYNC' })).next, expected);
      });
    }
  });

  describe('SYNCHRONIZATION (states.md §1.4, protocol.md §5)', () => {
    it('-> ELECTION when a condition is met, setting the degraded mode', () => {
      const decision = next(context({ state: 'SYNCHRONIZATION', sync: ended }));
      assert.equal(decision.next, 'ELECTION');
      assert.deepEqual(decision.actions, [{ kind: 'set-degraded', degradedMode: true }]);
    });

    it('stays while no condition is met; no failure strategy, no Master check there', () => {
      assert.equal(next(masterLost('SYNCHRONIZATION', { failures: failing, failureStrategy: 'SHUTDOWN' })).next, 'SYNCHRONIZATION');
    });
  });

  describe('supvisors_failure_strategy from ELECTION on (states.md §1.7)', () => {
    const synchronized: SupvisorsState[] = ['ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'];
    const strategies: [SupvisorsFailureStrategy, SupvisorsState | undefined][] = [
      ['RESYNC', 'SYNCHRONIZATION'],
      ['SHUTDOWN', 'SHUTTING_DOWN'],
      ['CONTINUE', undefined],
    ];
    for (const state of synchronized) {
      for (const [strategy, suggested] of strategies) {
        const ending = state === 'RESTARTING' || state === 'SHUTTING_DOWN';
        const expected = suggested === undefined ? state : ending ? 'FINAL' : suggested;
        it(`${state} with a decisive failure and ${strategy} suggests ${expected}`, () => {
          const decision = next(context({ state, masterState: state, stable: false, failures: failing, failureStrategy: strategy, jobs: { starting: true, stopping: true } }));
          assert.equal(decision.next, expected);
          assert.deepEqual(decision.actions[0], { kind: 'set-degraded', degradedMode: true });
        });
      }
    }

    it('RESYNC from DISTRIBUTION is rejected by the transition table (states.md §1.1)', () => {
      const decision = next(context({ state: 'DISTRIBUTION', failures: failing, failureStrategy: 'RESYNC' }));
      assert.equal(planTransition('DISTRIBUTION', decision.next).kind, 'rejected');
    });

    it('the failure strategy comes before the Master check (states.md §1.8 step 3)', () => {
      assert.equal(next(masterLost('OPERATION', { failures: failing, failureStrategy: 'RESYNC' })).next, 'SYNCHRONIZATION');
    });

    it('degraded mode is cleared when no failure remains', () => {
      assert.deepEqual(next(context()).actions, [{ kind: 'set-degraded', degradedMode: false }]);
    });
  });

  describe('loss of the Master in every state (states.md §1.8)', () => {
    const table: [SupvisorsState, SupvisorsState, string][] = [
      ['DISTRIBUTION', 'ELECTION', 'move'],
      ['OPERATION', 'ELECTION', 'move'],
      ['CONCILIATION', 'ELECTION', 'rejected'],
      ['RESTARTING', 'FINAL', 'move'],
      ['SHUTTING_DOWN', 'FINAL', 'move'],
    ];
    for (const [state, expected, plan] of table) {
      it(`${state} suggests ${expected} (${plan})`, () => {
        const decision = next(masterLost(state, { lostInstances: [B] }));
        assert.equal(decision.next, expected);
        assert.equal(planTransition(state, decision.next).kind, plan);
      });
    }

    for (const state of ['OPERATION', 'CONCILIATION'] as const) {
      it(`${state}: the successor select_master gives takes over at once, no ELECTION (differs from Python)`, () => {
        const decision = next(masterLost(state, { lostInstances: [B], electedMaster: 'c:1', conflicts: true }));
        assert.equal(decision.next, state);
        assert.deepEqual(decision.actions, [
          { kind: 'set-degraded', degradedMode: false },
          { kind: 'set-master', identifier: 'c:1' },
          { kind: 'inform-lost-instances', identifiers: [B] },
        ]);
        const mine = next(masterLost(state, { lostInstances: [B], electedMaster: A }));
        assert.deepEqual(kinds(mine.actions), ['set-degraded', 'set-master', 'inform-lost-instances', 'start-applications']);
      });
    }

    it('a lost Master whose succession is not agreed yet waits for the others\' word a moment, then ELECTION', () => {
      const waiting = next(masterLost('OPERATION', { masterLostForMs: SUCCESSION_WAIT_MS - 1, lostInstances: [B] }));
      assert.deepEqual([waiting.next, kinds(waiting.actions)], ['OPERATION', ['set-degraded', 'inform-lost-instances']]);
      assert.equal(next(masterLost('OPERATION', { masterLostForMs: SUCCESSION_WAIT_MS })).next, 'ELECTION');
    });

    it('a Master lost in DISTRIBUTION still sends everyone to ELECTION (jobs planned by the lost Master)', () => {
      assert.equal(next(masterLost('DISTRIBUTION', { lostInstances: [B], electedMaster: A })).next, 'ELECTION');
    });

    it('several Masters (split brain) also send DISTRIBUTION/OPERATION back to ELECTION (states.md §3.4)', () => {
      assert.equal(next(context({ masterCheck: { ok: false, reason: 'several-masters', masters: [A, B] } })).next, 'ELECTION');
    });

    it('ELECTION elects again', () => {
      const decision = next(masterLost('ELECTION', { electedMaster: B }));
      assert.equal(decision.next, 'ELECTION');
      assert.deepEqual(decision.actions.at(-1), { kind: 'set-master', identifier: B });
    });
  });

  describe('ELECTION (states.md §1.4, §3.5, protocol.md §6)', () => {
    it('waits for stability, electing nobody', () => {
      const decision = next(masterLost('ELECTION', { stable: false, electedMaster: B }));
      assert.equal(decision.next, 'ELECTION');
      assert.ok(!kinds(decision.actions).includes('set-master'));
    });

    it('the Master goes to DISTRIBUTION once the Master is valid and the context stable', () => {
      assert.equal(next(context({ state: 'ELECTION', masterState: 'ELECTION' })).next, 'DISTRIBUTION');
    });

    const followers: [SupvisorsState, SupvisorsState][] = [
      ['ELECTION', 'ELECTION'],
      ['DISTRIBUTION', 'DISTRIBUTION'],
      ['OPERATION', 'DISTRIBUTION'],
      ['CONCILIATION', 'DISTRIBUTION'],
      ['SHUTTING_DOWN', 'ELECTION'],
    ];
    for (const [masterState, expected] of followers) {
      it(`a slave whose Master is in ${masterState} -> ${expected}${masterState === 'OPERATION' || masterState === 'CONCILIATION' ? ' (ours: no race on a missed DISTRIBUTION)' : ''}`, () => {
        const decision = next(slave({ state: 'ELECTION', masterState, electedMaster: B }));
        assert.equal(decision.next, expected);
        assert.ok(!kinds(decision.actions).includes('set-master'), 'the agreed Master is kept');
      });
    }

    it('declares select_master’s choice while no valid Master exists', () => {
      const decision = next(context({ state: 'ELECTION', masterCheck: { ok: false, reason: 'several-masters', masters: [A, B] }, electedMaster: B }));
      assert.equal(decision.next, 'ELECTION');
      assert.deepEqual(decision.actions, [
        { kind: 'set-degraded', degradedMode: false },
        { kind: 'set-master', identifier: B },
      ]);
    });

  });

  describe('DISTRIBUTION, OPERATION, CONCILIATION: the Master (states.md §1.4, §1.6)', () => {
    const table: [string, Partial<FsmContext>, SupvisorsState, string[]][] = [
      ['DISTRIBUTION stays while the Starter has jobs', { state: 'DISTRIBUTION', jobs: { starting: true, stopping: false } }, 'DISTRIBUTION', []],
      ['DISTRIBUTION -> OPERATION when the distribution is done', { state: 'DISTRIBUTION', jobs: { starting: false, stopping: true } }, 'OPERATION', []],
      ['DISTRIBUTION informs the jobs of lost instances', { state: 'DISTRIBUTION', lostInstances: [B], jobs: { starting: true, stopping: false } }, 'DISTRIBUTION', ['inform-lost-instances']],
      ['OPERATION stays while jobs run, conflicts or not', { jobs: { starting: false, stopping: true }, conflicts: true }, 'OPERATION', []],
      ['OPERATION -> CONCILIATION on conflicts', { conflicts: true }, 'CONCILIATION', []],
      ['OPERATION stays without conflict', {}, 'OPERATION', []],
      ['OPERATION informs the jobs of lost instances, then decides on conflicts', { lostInstances: [B], conflicts: true }, 'CONCILIATION', ['inform-lost-instances']],
      ['CONCILIATION stays while jobs run', { state: 'CONCILIATION', jobs: { starting: true, stopping: false } }, 'CONCILIATION', []],
      ['CONCILIATION -> OPERATION when no conflict is left', { state: 'CONCILIATION' }, 'OPERATION', []],
      ['CONCILIATION conciliates again while conflicts remain', { state: 'CONCILIATION', conflicts: true }, 'CONCILIATION', ['conciliate']],
      ['CONCILIATION informs the jobs of lost instances', { state: 'CONCILIATION', lostInstances: [B] }, 'OPERATION', ['inform-lost-instances']],
    ];
    for (const [what, overrides, expected, actions] of table) {
      it(what, () => {
        const decision = next(context(overrides));
        assert.equal(decision.next, expected);
        assert.deepEqual(kinds(decision.actions).slice(1), actions);
      });
    }
  });

  describe('DISTRIBUTION, OPERATION, CONCILIATION: slaves follow the Master (states.md §1.6)', () => {
    const table: [SupvisorsState, SupvisorsState | undefined, SupvisorsState][] = [
      ['DISTRIBUTION', 'DISTRIBUTION', 'DISTRIBUTION'],
      ['DISTRIBUTION', 'OPERATION', 'OPERATION'],
      ['DISTRIBUTION', 'CONCILIATION', 'OPERATION'],
      ['DISTRIBUTION', undefined, 'DISTRIBUTION'],
      ['OPERATION', 'CONCILIATION', 'CONCILIATION'],
      ['OPERATION', 'SHUTTING_DOWN', 'SHUTTING_DOWN'],
      ['OPERATION', 'RESTARTING', 'RESTARTING'],
      ['CONCILIATION', 'OPERATION', 'OPERATION'],
    ];
    for (const [state, masterState, expected] of table) {
      it(`a slave in ${state} with the Master in ${masterState ?? 'an unknown state'} -> ${expected}`, () => {
        assert.equal(next(slave({ state, masterState, conflicts: true })).next, expected);
      });
    }

    it('a slave informs its jobs of lost instances', () => {
      assert.deepEqual(kinds(next(slave({ lostInstances: [B] })).actions), ['set-degraded', 'inform-lost-instances']);
    });
  });

  describe('RESTARTING and SHUTTING_DOWN (states.md §1.4 ending states)', () => {
    for (const state of ['RESTARTING', 'SHUTTING_DOWN'] as const) {
      it(`the Master stays in ${state} while the Stopper has jobs, then FINAL`, () => {
        assert.equal(next(context({ state, masterState: state, jobs: { starting: true, stopping: true } })).next, state);
        assert.equal(next(context({ state, masterState: state, jobs: { starting: true, stopping: false } })).next, 'FINAL');
      });

      const slaves: [SupvisorsState | undefined, SupvisorsState, boolean][] = [
        [state, state, false],
        ['FINAL', 'FINAL', false],
        [undefined, 'FINAL', false],
        ['OPERATION', 'FINAL', true],
      ];
      for (const [masterState, expected, logged] of slaves) {
        it(`a slave in ${state} with the Master ${masterState ?? 'unknown'} -> ${expected}${logged ? ' with an error log' : ''}`, () => {
          const decision = next(slave({ state, masterState }));
          assert.equal(decision.next, expected);
          assert.equal(decision.log?.level, logged ? 'error' : undefined);
        });
      }
    }
  });

  describe('enter and exit actions (states.md §1.4)', () => {
    const table: [SupvisorsState, string[], string[]][] = [
      ['OFF', ['set-start-date'], ['set-start-date']],
      ['SYNCHRONIZATION', ['abort-jobs'], ['abort-jobs']],
      ['ELECTION', ['abort-jobs'], ['abort-jobs']],
      ['DISTRIBUTION', ['start-applications'], []],
      ['OPERATION', [], []],
      ['CONCILIATION', ['conciliate'], []],
      ['RESTARTING', ['abort-jobs', 'stop-applications'], ['abort-jobs']],
      ['SHUTTING_DOWN', ['abort-jobs', 'stop-applications'], ['abort-jobs']],
      ['FINAL', [], []],
    ];
    for (const [state, master, other] of table) {
      it(`entering ${state}: Master [${master.join(', ')}], slave [${other.join(', ')}]`, () => {
        assert.deepEqual(
          enterActions(state, true).map((action) => action.kind),
          master,
        );
        assert.deepEqual(
          enterActions(state, false).map((action) => action.kind),
          other,
        );
      });
    }

    it('leaving RESTARTING restarts the local supervisord, leaving SHUTTING_DOWN shuts it down, nothing else', () => {
      for (const state of supvisorsStateNames) {
        const expected = state === 'RESTARTING' ? ['restart-supervisor'] : state === 'SHUTTING_DOWN' ? ['shutdown-supervisor'] : [];
        assert.deepEqual(
          exitActions(state).map((action) => action.kind),
          expected,
          state,
        );
      }
    });
  });

  describe('restart and shutdown requests (states.md §1.6, xmlrpc.md §7.4)', () => {
    const table: [string, 'restart' | 'shutdown', Parameters<typeof closingRequest>[1], string][] = [
      ['the Master restarts itself from OPERATION', 'restart', { state: 'OPERATION', isMaster: true, masterIdentifier: A }, 'transition RESTARTING'],
      ['the Master shuts down from DISTRIBUTION', 'shutdown', { state: 'DISTRIBUTION', isMaster: true, masterIdentifier: A }, 'transition SHUTTING_DOWN'],
      ['a slave forwards to the Master', 'restart', { state: 'OPERATION', isMaster: false, masterIdentifier: B }, `forward ${B}`],
      ['no Master known', 'shutdown', { state: 'OPERATION', isMaster: false, masterIdentifier: '' }, 'no-master'],
      ['RESTARTING is not reachable from ELECTION', 'restart', { state: 'ELECTION', isMaster: true, masterIdentifier: A }, 'rejected'],
      ['SHUTTING_DOWN is not reachable from RESTARTING', 'shutdown', { state: 'RESTARTING', isMaster: true, masterIdentifier: A }, 'rejected'],
    ];
    for (const [what, kind, request, expected] of table) {
      it(what, () => {
        const outcome = closingRequest(kind, request);
        const text = outcome.kind === 'transition' ? `transition ${outcome.to}` : outcome.kind === 'forward' ? `forward ${outcome.master}` : outcome.kind;
        assert.equal(text, expected);
      });
    }
  });
});
