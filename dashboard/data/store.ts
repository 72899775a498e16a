/**
 * The page's one store: the cluster view (model/cluster-view.ts) in a signal. It loads the
 * snapshot when the feed opens (and so again after a reconnection: nothing missed is lost), and
 * applies the events in one batch per animation frame, so that a burst of 1,000 changes costs
 * one render, not 1,000.
 */
import { signal } from '@preact/signals';
import { applyEvents, EMPTY_VIEW, fromSnapshot, type ClusterView, type LocalProcess, type ReceivedEvent } from '../model/cluster-view.js';
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
  cluster.value = applyEvents(cluster.value, batch);
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

export async function loadSnapshot(): Promise<void> {
  loading = true;
  try {
    const [supvisors, instances, applications, processes] = await Promise.all([
      call('supvisors.get_supvisors_state'),
      call('supvisors.get_all_instances_info'),
      call('supvisors.get_all_applications_info'),
      call('supvisors.get_all_process_info'),
    ]);
    const local = await localProcesses(instances.filter((info) => info.statename === 'RUNNING').map((info) => info.identifier));
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
