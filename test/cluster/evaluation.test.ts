import assert from 'node:assert/strict';
import { decide, prepare, runEvaluation, type ClusterOptions, type FsmHost, type HostAction, type Observation } from '../../cluster/evaluation.js';
import type { LogLevel } from '../../cluster/fsm.js';
import type { InstanceList } from '../../cluster/instances.js';
import { initialStateModes, localRecord, setInstanceState, type Publication, type StateModesMap } from '../../cluster/state-records.js';
import { instance, recordsOf, trio } from './fixtures.js';

const A = 'a:1';
const B = 'b:1';
const C = 'c:1';

const options: ClusterOptions = { synchroOptions: ['STRICT', 'TIMEOUT'], synchroTimeout: 15, autoFence: false, supvisorsFailureStrategy: 'CONTINUE', coreIdentifiers: [] };
const idle: Observation = { nowMs: 100_000, jobs: { starting: false, stopping: false }, conflicts: false };

class FakeHost implements FsmHost {
  readonly performed: HostAction[] = [];
  readonly logs: [LogLevel, string][] = [];
  readonly publications: Publication[] = [];
  facts: Observation;

  constructor(
    facts: Observation,
    private readonly onPerform: (action: HostAction, host: FakeHost) => void = () => undefined,
  ) {
    this.facts = facts;
  }

  observe(): Observation {
    return this.facts;
  }

  commit(_records: StateModesMap, publication: Publication): void {
    this.publications.push(publication);
  }

  perform(action: HostAction): void {
    this.performed.push(action);
    this.onPerform(action, this);
  }

  log(level: LogLevel, message: string): void {
    this.logs.push([level, message]);
  }
}

const kinds = (host: FakeHost): string[] => host.performed.map((action) => action.kind);

describe('cluster evaluation', () => {
  describe('prepare: invalidation and activation (states.md §1.3 step 1, §2.4)', () => {
    it('invalidates FAILED instances to STOPPED and activates CHECKED ones', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: A } }, [B]: { seen: 'FAILED' }, [C]: { seen: 'CHECKED' } });
      const prepared = prepare(trio, records, { autoFence: false });
      assert.deepEqual(prepared.invalidated, [{ identifier: B, state: 'STOPPED' }]);
      assert.deepEqual(prepared.activated, [C]);
      assert.deepEqual([...localRecord(prepared.records, A).instanceStates.values()], ['RUNNING', 'STOPPED', 'RUNNING']);
      assert.equal(prepared.publication, 'deferred');
    });

    it('isolates with auto_fence while the Master is in a working state (protocol.md §7)', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: A } }, [B]: { seen: 'FAILED' } });
      assert.deepEqual(prepare(trio, records, { autoFence: true }).invalidated, [{ identifier: B, state: 'ISOLATED' }]);
    });

    it('never auto-fences the lost Master: losing it cleared the Master first (states.md §1.8 step 2)', () => {
      const running = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: B } },
        [B]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: B } },
      });
      const failed = setInstanceState(running, A, B, 'FAILED');
      assert.equal(failed.publication, 'immediate');
      assert.deepEqual(prepare(trio, failed.records, { autoFence: true }).invalidated, [{ identifier: B, state: 'STOPPED' }]);
    });

    it('activates a CHECKED instance only once its processes are loaded, when loading is followed (CHECKED: processes loaded, states.md §2)', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'SYNCHRONIZATION' } }, [B]: { seen: 'CHECKED' }, [C]: { seen: 'CHECKED' } });
      assert.deepEqual(prepare(trio, records, options, new Set([C])).activated, [C]);
      assert.deepEqual(prepare(trio, records, options, new Set()).activated, []);
      assert.deepEqual(prepare(trio, records, options).activated, [B, C], 'not followed: every CHECKED one');
    });

    it('does not activate CHECKED instances in DISTRIBUTION (states.md §1.5)', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'DISTRIBUTION' } }, [C]: { seen: 'CHECKED' } });
      const prepared = prepare(trio, records, options);
      assert.deepEqual(prepared.activated, []);
      assert.equal(prepared.publication, 'none');
    });
  });

  describe('decide: facts from the records (states.md §1.4, §3.3–§3.5)', () => {
    it('adopts a Master declared by a RUNNING peer with USER in SYNCHRONIZATION, which ends synchronization', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'SYNCHRONIZATION' } }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } } });
      const evaluation = decide({ list: trio, records, options: { ...options, synchroOptions: ['USER'] }, startMs: 99_000, observation: idle, lostInstances: [], activated: [] });
      assert.equal(localRecord(evaluation.records, A).masterIdentifier, B);
      assert.equal(evaluation.publication, 'immediate');
      assert.equal(evaluation.context.sync.conditions.USER, true);
      assert.equal(evaluation.decision.next, 'ELECTION');
    });

    it('resolves core identifiers by name for CORE and select_master (config.md §4.2)', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { state: 'ELECTION' } }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'RUNNING' } });
      const evaluation = decide({ list: trio, records, options: { ...options, coreIdentifiers: ['nc', 'nb'] }, startMs: 0, observation: idle, lostInstances: [], activated: [] });
      assert.equal(evaluation.context.electedMaster, C);
      assert.equal(localRecord(evaluation.records, A).masterIdentifier, C);
    });
  });

  describe('runEvaluation: chains within one evaluation (states.md §1.1 set_state)', () => {
    const single: InstanceList = { instances: [instance(A, 'solo')], localIdentifier: A };

    it('starts one instance: OFF -> SYNCHRONIZATION -> ELECTION, then ELECTION -> DISTRIBUTION -> OPERATION (xmlrpc.md §3.1 observed)', async () => {
      const initial = setInstanceState(setInstanceState(initialStateModes(single.instances, A, false), A, A, 'CHECKING').records, A, A, 'CHECKED').records;
      const host = new FakeHost(idle);
      const first = await runEvaluation({ list: single, records: initial, options, startMs: 0 }, host);
      assert.deepEqual(first.entered, ['SYNCHRONIZATION', 'ELECTION']);
      assert.equal(localRecord(first.records, A).masterIdentifier, A);
      const second = await runEvaluation({ list: single, records: first.records, options, startMs: first.startMs }, host);
      assert.deepEqual(second.entered, ['DISTRIBUTION', 'OPERATION']);
      assert.deepEqual(kinds(host), ['abort-jobs', 'abort-jobs', 'start-applications']);
      assert.ok(host.publications.includes('immediate'));
    });

    it('a late joiner adopts the running Master and follows it to OPERATION (protocol.md §10)', async () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { state: 'SYNCHRONIZATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
      });
      const start = { list: trio, options: { ...options, synchroOptions: ['STRICT' as const], coreIdentifiers: ['na'] }, startMs: 0 };
      const first = await runEvaluation({ ...start, records }, new FakeHost(idle));
      assert.deepEqual(first.entered, ['ELECTION']);
      assert.equal(localRecord(first.records, A).masterIdentifier, C, 'the declared Master wins over the core instance b');
      const second = await runEvaluation({ ...start, records: first.records }, new FakeHost(idle));
      assert.deepEqual(second.entered, ['DISTRIBUTION', 'OPERATION']);
    });

    it('the Master sees a joiner arrive: it stays in OPERATION, starts the applications a DISTRIBUTION would, and the joiner electing does not break check_master', async () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'OPERATION' } },
        [C]: { seen: 'CHECKED', modes: { masterIdentifier: '', state: 'ELECTION' } },
      });
      const host = new FakeHost(idle);
      const run = await runEvaluation({ list: trio, records, options, startMs: 0 }, host);
      assert.deepEqual(run.entered, []);
      assert.equal(localRecord(run.records, A).instanceStates.get(C), 'RUNNING');
      assert.deepEqual(kinds(host), ['start-applications']);
      // the next evaluations: C still electing, A keeps working
      const again = new FakeHost(idle);
      const later = await runEvaluation({ list: trio, records: run.records, options, startMs: 0 }, again);
      assert.deepEqual([later.entered, kinds(again)], [[], []]);
    });

    it('loss of the Master in OPERATION: invalidated STOPPED, the successor taken at once, no ELECTION (differs from states.md §1.8)', async () => {
      const running = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        // B saw the loss too: it declares no Master
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
      });
      const failed = setInstanceState(running, A, C, 'FAILED').records;
      const host = new FakeHost(idle);
      const run = await runEvaluation({ list: trio, records: failed, options, startMs: 0 }, host);
      assert.equal(localRecord(run.records, A).instanceStates.get(C), 'STOPPED');
      assert.deepEqual(run.entered, []);
      // nicks: a=nc, b=na: b succeeds, as an ELECTION would choose
      assert.equal(localRecord(run.records, A).masterIdentifier, B);
      assert.deepEqual(kinds(host), ['instances-invalidated', 'inform-lost-instances']);
      const again = new FakeHost(idle);
      const later = await runEvaluation({ list: trio, records: run.records, options, startMs: 0 }, again);
      assert.deepEqual([later.entered, localRecord(later.records, A).state], [[], 'OPERATION']);
    });

    it('loss of the Master seen by this instance only (another still declares it): a cut link, ELECTION (states.md §1.8)', async () => {
      const running = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
      });
      const failed = setInstanceState(running, A, C, 'FAILED').records;
      const run = await runEvaluation({ list: trio, records: failed, options, startMs: 0 }, new FakeHost(idle));
      assert.deepEqual(run.entered, ['ELECTION']);
    });

    it('loss of the Master by an instance that sees no other RUNNING: it is the one cut off, ELECTION (states.md §1.8)', async () => {
      const running = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        [B]: { seen: 'STOPPED' },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
      });
      const failed = setInstanceState(running, A, C, 'FAILED').records;
      const run = await runEvaluation({ list: trio, records: failed, options, startMs: 0 }, new FakeHost(idle));
      assert.deepEqual(run.entered, ['ELECTION']);
    });

    it('loss of the Master in DISTRIBUTION: invalidated STOPPED, jobs aborted, ELECTION (states.md §1.8)', async () => {
      const running = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'DISTRIBUTION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'DISTRIBUTION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'DISTRIBUTION' } },
      });
      const failed = setInstanceState(running, A, B, 'FAILED').records;
      const host = new FakeHost(idle);
      const run = await runEvaluation({ list: trio, records: failed, options: { ...options, autoFence: true }, startMs: 0 }, host);
      assert.equal(localRecord(run.records, A).instanceStates.get(B), 'STOPPED');
      assert.deepEqual(run.entered, ['ELECTION']);
      assert.deepEqual(kinds(host), ['instances-invalidated', 'abort-jobs']);
    });

    it('the Master tells its jobs of a lost instance, then decides on its conflicts (states.md §1.4 OPERATION)', async () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'OPERATION' } },
        [C]: { seen: 'FAILED' },
      });
      const host = new FakeHost({ ...idle, conflicts: true });
      const run = await runEvaluation({ list: trio, records, options, startMs: 0 }, host);
      // entering CONCILIATION conciliates, and so does CONCILIATION while conflicts remain (the conciliator's requests merge into the same stop jobs)
      assert.deepEqual(kinds(host), ['instances-invalidated', 'inform-lost-instances', 'conciliate', 'conciliate']);
      assert.deepEqual(run.entered, ['CONCILIATION']);
    });

    it('an arrival in CONCILIATION: activated, the state kept, no ELECTION (differs from Python)', async () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'CONCILIATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'CONCILIATION' } },
        [C]: { seen: 'CHECKED' },
      });
      const host = new FakeHost({ ...idle, conflicts: true });
      const run = await runEvaluation({ list: trio, records, options, startMs: 0 }, host);
      assert.equal(localRecord(run.records, A).state, 'CONCILIATION');
      assert.equal(localRecord(run.records, A).instanceStates.get(C), 'RUNNING');
      assert.deepEqual(host.logs.filter(([level]) => level === 'warn'), []);
    });

    it('OFF entry resets the start date; leaving an ending state restarts supervisord', async () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'RESTARTING' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: A, state: 'RESTARTING' } },
      });
      const host = new FakeHost(idle);
      const run = await runEvaluation({ list: trio, records, options, startMs: 0 }, host);
      assert.deepEqual(run.entered, ['FINAL']);
      assert.deepEqual(kinds(host), ['restart-supervisor']);
      const off = recordsOf(trio, { [A]: { seen: 'CHECKED', modes: { state: 'SYNCHRONIZATION' } } });
      const lost = await runEvaluation({ list: trio, records: setInstanceState(off, A, A, 'FAILED').records, options, startMs: 0 }, new FakeHost(idle));
      assert.deepEqual(lost.entered, ['OFF']);
      assert.equal(lost.startMs, idle.nowMs);
    });

    it('stops a SYNCHRONIZATION <-> ELECTION cycle instead of looping (RESYNC with CORE unmet, STRICT met)', async () => {
      const list: InstanceList = { instances: [instance(A, 'na'), instance(B, 'nb'), instance('d:1', 'nd', { discovered: true })], localIdentifier: A };
      const records = recordsOf(list, { [A]: { seen: 'RUNNING', modes: { state: 'ELECTION' } }, [B]: { seen: 'RUNNING' } });
      const host = new FakeHost(idle);
      const run = await runEvaluation(
        { list, records, options: { ...options, synchroOptions: ['STRICT', 'CORE'], supvisorsFailureStrategy: 'RESYNC', coreIdentifiers: ['nd'] }, startMs: 0 },
        host,
      );
      assert.deepEqual(run.entered, ['SYNCHRONIZATION', 'ELECTION']);
      assert.equal(host.logs.at(-1)?.[0], 'warn');
    });
  });
});
