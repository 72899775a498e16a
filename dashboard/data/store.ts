/**
 * The page's one store: the cluster view (model/cluster-view.ts) in a signal. It loads the
 * snapshot when the feed opens (and so again after a reconnection: nothing missed is lost), and
 * applies the events in one batch per animation frame, so that a burst of 1,000 changes costs
 * one render, not 1,000. Before DISTRIBUTION the cluster answers its instances only: the
 * snapshot is loaded again when it gets there; an instance coming up has its rows loaded, and
 * so has every RUNNING instance after a `process_added` (a process added names no instance).
 */
import { signal } from '@preact/signals';
import { guardStates } from '../../cluster/guards.js';
import { applyEvents, EMPTY_VIEW, fromSnapshot, reloadsAfter, withLocalRows, type ClusterView, type LocalProcess, type ReceivedEvent } from '../model/cluster-view.js';
import { call, failureText } from './api.js';
import { openFeed, type FeedStatus } from './events.js';

export const cluster = signal<ClusterView>(EMPTY_VIEW);
export const feedStatus = signal<FeedStatus>('connecting');
/** Why the last snapshot failed, if it did. */
export const loadError = signal<string | undefined>(undefined);
/** The instance serving the page (its `nick_identifier` in the header). */
export const servingInstance = signal<string | undefined>(undefined);

let pending: ReceivedEvent[] = [];
let scheduled = false;
/** Events received while a snapshot loads wait for it, then apply on top of it. */
let loading = false;

function flush(): void {
  scheduled = false;
  if (loading) return;
  const batch = pending;
  pending = [];
  const before = cluster.value;
  cluster.value = applyEvents(before, batch);
  const reloads = reloadsAfter(before, batch, answersApplications);
  if (reloads.snapshot) void loadSnapshot();
  for (const identifier of reloads.instances) void loadInstance(identifier);
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A hidden tab gets no animation frames: a timer keeps the queue short there.
  if (document.hidden) setTimeout(flush, 250);
  else requestAnimationFrame(flush);
}

/** all_inner_process_info of every instance that answers (a stopped one has none). */
async function localProcesses(identifiers: readonly string[]): Promise<Record<string, LocalProcess[]>> {
  const answers = await Promise.allSettled(identifiers.map((identifier) => call('supvisors.get_all_inner_process_info', identifier)));
  const local: Record<string, LocalProcess[]> = {};
  answers.forEach((answer, index) => {
    const identifier = identifiers[index];
    if (answer.status === 'fulfilled' && identifier !== undefined) local[identifier] = answer.value;
  });
  return local;
}

/** The methods answered from DISTRIBUTION on (their contract's guard): before, the snapshot holds the instances only. */
function answersApplications(state: string): boolean {
  return (guardStates.FROM_DISTRIBUTION as readonly string[]).includes(state);
}

export async function loadSnapshot(): Promise<void> {
  loading = true;
  try {
    const [supvisors, instances] = await Promise.all([call('supvisors.get_supvisors_state'), call('supvisors.get_all_instances_info')]);
    const ready = answersApplications(supvisors.fsm_statename);
    const [applications, processes, local] = ready
      ? await Promise.all([
          call('supvisors.get_all_applications_info'),
          call('supvisors.get_all_process_info'),
          localProcesses(instances.filter((info) => info.statename === 'RUNNING').map((info) => info.identifier)),
        ])
      : [[], [], {}];
    cluster.value = fromSnapshot({ supvisors, instances, applications, processes, local }, cluster.value);
    servingInstance.value = supvisors.nick_identifier;
    loadError.value = undefined;
  } catch (thrown) {
    loadError.value = failureText(thrown);
  } finally {
    loading = false;
    schedule();
  }
}

/** The rows of an instance that came up. */
async function loadInstance(identifier: string): Promise<void> {
  try {
    const rows = await call('supvisors.get_all_inner_process_info', identifier);
    cluster.value = withLocalRows(cluster.value, identifier, rows);
  } catch {
    // gone again, or refused in this state: its next state change brings it back here
  }
}

/** Starts following the node: once per page. */
export function startStore(): void {
  openFeed({
    onOpen: () => void loadSnapshot(),
    onEvent: (header, body) => {
      pending.push({ header, body } as ReceivedEvent);
      schedule();
    },
    onStatus: (status) => {
      feedStatus.value = status;
    },
  });
}
