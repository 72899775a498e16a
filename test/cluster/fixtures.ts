/** Small builders of cluster views for the tests of cluster/. */
import type { ClusterInstance, InstanceList } from '../../cluster/instances.js';
import { defaultStateModes, type StateModes, type StateModesMap } from '../../cluster/state-records.js';
import type { InstanceState } from '../../vocabulary/supvisors-states.js';

export function instance(identifier: string, nickIdentifier: string, extra: Partial<ClusterInstance> = {}): ClusterInstance {
  const [host = '', port = '0'] = identifier.split(':');
  return { identifier, nickIdentifier, host, port: Number(port), stereotypes: [], discovered: false, stereotypesKnown: false, ...extra };
}

/** Three declared instances a, b, c (nicks nc, na, nb: b has the smallest nick), local `a:1`. */
export const trio: InstanceList = {
  instances: [instance('a:1', 'nc'), instance('b:1', 'na'), instance('c:1', 'nb')],
  localIdentifier: 'a:1',
};

export interface PeerSpec {
  /** How the local instance sees it. */
  readonly seen: InstanceState;
  /** Its own published view; default: the same as the local view. */
  readonly sees?: Readonly<Record<string, InstanceState>>;
  readonly modes?: Partial<Omit<StateModes, 'identifier' | 'nickIdentifier' | 'instanceStates'>>;
}

/** Records of `list` from the local view and what each peer publishes. */
export function recordsOf(list: InstanceList, peers: Readonly<Record<string, PeerSpec>>): StateModesMap {
  const localView = new Map<string, InstanceState>(list.instances.map((item) => [item.identifier, peers[item.identifier]?.seen ?? 'STOPPED']));
  const records = new Map<string, StateModes>();
  for (const item of list.instances) {
    const spec = peers[item.identifier];
    const base = defaultStateModes(item.identifier, item.nickIdentifier);
    if (item.identifier === list.localIdentifier) {
      records.set(item.identifier, { ...base, ...spec?.modes, instanceStates: localView });
    } else if (spec === undefined || spec.seen === 'STOPPED' || spec.seen === 'ISOLATED') {
      records.set(item.identifier, base);
    } else {
      const sees = spec.sees === undefined ? localView : new Map(Object.entries(spec.sees));
      records.set(item.identifier, { ...base, ...spec.modes, instanceStates: sees });
    }
  }
  return records;
}

/** Every instance RUNNING everywhere, all declaring `master`, all in `state`. */
export function allRunning(list: InstanceList, master: string, state: StateModes['state']): StateModesMap {
  return recordsOf(list, Object.fromEntries(list.instances.map((item) => [item.identifier, { seen: 'RUNNING', modes: { masterIdentifier: master, state } }])));
}
