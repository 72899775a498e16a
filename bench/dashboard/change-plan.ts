/**
 * Which processes bench:dashboard changes, and what the page must then show. Pure.
 *
 * The page is watched through one of two probes: `chips`, the process chips of the main page's
 * instance cards (`[data-card-instance] [data-process][data-state]`), or `menu`, the application
 * lights of the menu (`nav [data-application]`, the light's label), for a dashboard whose main
 * page has no chips. A stopped process may leave its card: a chip that is gone counts as STOPPED.
 */
import { applicationLabel, type SimulatedCluster } from './simulated-cluster.js';

export type Probe = 'chips' | 'menu';

/** What the page must show for one change, and when the change was handed to the publisher (epoch ms). */
export interface Expectation {
  readonly key: string;
  readonly shown: string;
  readonly sentAt: number;
}

/** What the page showed, and when (epoch ms, on the bench's clock). */
export interface Observation {
  readonly key: string;
  readonly shown: string;
  readonly at: number;
}

/** What a chip that left its card says. */
export const ABSENT = 'ABSENT';

/**
 * The steady stream: the applications in turn, each visit flipping one of its processes, the next
 * visit flipping it back; so every change moves its application's light too (RUNNING <-> RUNNING
 * with a minor failure), and consecutive changes of one application are a whole round apart.
 */
export function steadyChanges(cluster: SimulatedCluster, count: number): string[] {
  const { applications } = cluster;
  return Array.from({ length: count }, (_, index) => {
    const application = applications[index % applications.length] ?? '';
    const programs = cluster.processesOf(application);
    const visit = Math.floor(index / applications.length);
    return programs[Math.floor(visit / 2) % programs.length]?.namespec ?? '';
  });
}

/** The burst: `count` distinct processes, one application after the other in turn. */
export function burstChanges(cluster: SimulatedCluster, count: number): string[] {
  const perApplication = cluster.applications.map((application) => cluster.processesOf(application));
  const widest = Math.max(0, ...perApplication.map((processes) => processes.length));
  const order = Array.from({ length: widest }, (_, rank) => perApplication.flatMap((processes) => (processes[rank] === undefined ? [] : [processes[rank].namespec]))).flat();
  return order.slice(0, count);
}

/** What the page must show once `namespec` has changed (the cluster already changed). */
export function expectationOf(cluster: SimulatedCluster, probe: Probe, namespec: string, sentAt: number): Expectation {
  if (probe === 'chips') return { key: namespec, shown: cluster.stateOf(namespec), sentAt };
  const application = cluster.process(namespec)?.application ?? '';
  const { state, minorFailure } = cluster.applicationStatus(application);
  return { key: application, shown: applicationLabel(state, minorFailure), sentAt };
}

/** The last expectation of each key: the page coalesces changes, so that only the last one of a burst need show. */
export function lastPerKey(expectations: readonly Expectation[]): Expectation[] {
  return [...new Map(expectations.map((expectation) => [expectation.key, expectation])).values()];
}

/** An observation this early before the send cannot be of it (it would be the state before). */
const CLOCK_TOLERANCE_MS = 50;

function matches(expectation: Expectation, observation: Observation): boolean {
  return observation.shown === expectation.shown || (observation.shown === ABSENT && expectation.shown === 'STOPPED');
}

/** Per expectation, ms from its send to the first observation showing it; undefined when never shown. */
export function lagsOf(expectations: readonly Expectation[], observations: readonly Observation[]): (number | undefined)[] {
  const byKey = new Map<string, Observation[]>();
  for (const observation of observations) {
    const list = byKey.get(observation.key) ?? [];
    list.push(observation);
    byKey.set(observation.key, list);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.at - b.at);
  return expectations.map((expectation) => {
    const seen = byKey.get(expectation.key)?.find((observation) => observation.at >= expectation.sentAt - CLOCK_TOLERANCE_MS && matches(expectation, observation));
    return seen === undefined ? undefined : Math.max(0, seen.at - expectation.sentAt);
  });
}
