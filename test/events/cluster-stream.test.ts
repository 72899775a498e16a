/**
 * When the `supvisors` and `instance` statuses are published (events/cluster-stream.ts), checked
 * against spec/events.md §5: every FSM state (ELECTION included, however short), every job
 * change, every instance state in the local view (FAILED then STOPPED for a lost instance), the
 * instance table alone at the round.
 */
import assert from 'node:assert/strict';
import type { ClusterInstance } from '../../cluster/instances.js';
import { initialStateModes, setInstanceState, setLocalModes, type StateModesMap } from '../../cluster/state-records.js';
import { clusterStreamStep, emptyClusterStreamMemory, type ClusterStreamMemory } from '../../events/cluster-stream.js';
import type { SupvisorsState } from '../../vocabulary/supvisors-states.js';

const A = 'svhost:60000';
const B = 'svhost:60001';

function instance(identifier: string, nick: string): ClusterInstance {
  const [host = '', port = '0'] = identifier.split(':');
  return { identifier, nickIdentifier: nick, host, port: Number(port), stereotypes: [], discovered: false, stereotypesKnown: true };
}

/** Steps the decision along the records as the state machine changes them. */
class Cluster {
  records: StateModesMap = initialStateModes([instance(A, 'nick1'), instance(B, 'nick2')], A, false);
  memory: ClusterStreamMemory = emptyClusterStreamMemory;

  private step(records: StateModesMap, trigger: 'change' | 'round'): string[] {
    this.records = records;
    const step = clusterStreamStep(this.memory, records, A, [A, B], trigger);
    this.memory = step.memory;
    return [...(step.supvisors ? ['supvisors'] : []), ...step.instances.map((identifier) => `instance ${identifier}`)];
  }

  fsm(state: SupvisorsState): string[] {
    return this.step(setLocalModes(this.records, A, { state }).records, 'change');
  }

  jobs(starting: boolean): string[] {
    return this.step(setLocalModes(this.records, A, { startingJobs: starting }).records, 'change');
  }

  instanceState(identifier: string, state: Parameters<typeof setInstanceState>[3]): string[] {
    return this.step(setInstanceState(this.records, A, identifier, state).records, 'change');
  }

  round(): string[] {
    return this.step(this.records, 'round');
  }
}

describe('supvisors / instance status decisions (events/cluster-stream.ts, events.md §5)', () => {
  it('publishes the first status, then only changes', () => {
    const cluster = new Cluster();
    assert.deepEqual(cluster.round(), ['supvisors', `instance ${A}`, `instance ${B}`]);
    assert.deepEqual(cluster.round(), []);
  });

  it('every FSM state, each step of one evaluation included (ELECTION, however short)', () => {
    const cluster = new Cluster();
    cluster.round();
    const seen = (['SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'OPERATION'] as const).map((state) => cluster.fsm(state));
    assert.deepEqual(seen, [['supvisors'], ['supvisors'], ['supvisors'], ['supvisors']]);
  });

  it('a job that starts and ends between two rounds is published twice', () => {
    const cluster = new Cluster();
    cluster.round();
    assert.deepEqual(cluster.jobs(true), ['supvisors']);
    assert.deepEqual(cluster.jobs(false), ['supvisors']);
    assert.deepEqual(cluster.round(), []);
  });

  it('a lost instance: FAILED, then STOPPED, each its instance message; the table change waits for the round', () => {
    const cluster = new Cluster();
    cluster.instanceState(B, 'CHECKING');
    cluster.instanceState(B, 'CHECKED');
    cluster.instanceState(B, 'RUNNING');
    cluster.round();
    assert.deepEqual(cluster.instanceState(B, 'FAILED'), [`instance ${B}`]);
    assert.deepEqual(cluster.instanceState(B, 'STOPPED'), [`instance ${B}`]);
    assert.deepEqual(cluster.round(), ['supvisors']);
    assert.deepEqual(cluster.round(), []);
  });
});
