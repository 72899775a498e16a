/**
 * Which changes of the cluster are alerts (docs/alerts.md): a process that exits unexpectedly or
 * goes FATAL (one report of an instance), an instance lost (seen FAILED or STOPPED after
 * RUNNING), a new conflict, an application newly in major failure because a process of it crashed.
 * Pure: reports and facts in, alerts out; the alerter actor feeds it and sends what comes out.
 */
import type { AlertEventName } from '../config/types.js';
import { applicationViews } from '../model/applications.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { derivedFacts } from '../model/derived.js';
import { crashedOn } from '../model/process-state.js';
import type { RuleSet } from '../rules/types.js';
import type { LocalProcess } from '../supervisor/local-process.js';
import type { InstanceState } from '../vocabulary/supvisors-states.js';

export interface Alert {
  readonly kind: AlertEventName;
  /** Epoch seconds when this instance saw it. */
  readonly time: number;
  /** The instance concerned (the process's, the lost one); empty for a conflict or an application. */
  readonly identifier: string;
  /** The process (EXITED, FATAL, CONFLICT) or the application (MAJOR_FAILURE); empty for an instance. */
  readonly subject: string;
  /** One line for people. */
  readonly message: string;
}

/** The alert a process report is, if any: FATAL, or EXITED with a code not in its exitcodes. */
export function processAlert(identifier: string, process: LocalProcess, time: number): Alert | undefined {
  if (!crashedOn(process)) return undefined;
  const subject = `${process.group}:${process.name}`;
  if (process.state === 'FATAL') {
    const why = process.spawnerr === '' ? '' : `: ${process.spawnerr}`;
    return { kind: 'FATAL', time, identifier, subject, message: `${subject} is FATAL on ${identifier}${why}` };
  }
  return { kind: 'EXITED', time, identifier, subject, message: `${subject} exited unexpectedly on ${identifier} (exit status ${process.exitstatus})` };
}

/** What the cluster shows that alerts are decided on, besides process reports. */
export interface AlertFacts {
  /** How the local instance sees each instance. */
  readonly instances: ReadonlyMap<string, InstanceState>;
  /** Namespecs of processes in conflict. */
  readonly conflicts: ReadonlySet<string>;
  /** Applications in major failure with a crashed process. */
  readonly majorFailures: ReadonlySet<string>;
}

export const noFacts: AlertFacts = { instances: new Map(), conflicts: new Set(), majorFailures: new Set() };

/** The conflicts and the applications in major failure of a model (instances left to the caller). */
export function modelFacts(model: ClusterModel, rules: RuleSet, startingStrategy: string): Pick<AlertFacts, 'conflicts' | 'majorFailures'> {
  const majorFailures = applicationViews(model, rules, startingStrategy)
    // a required process not started yet is a major failure too (while an application starts): not a crash
    .filter((application) => application.evaluation.majorFailure && application.processes.some(({ record }) => [...record.infos.values()].some(crashedOn)))
    .map((application) => application.name);
  return { conflicts: new Set(derivedFacts(model, rules, startingStrategy).conflicts), majorFailures: new Set(majorFailures) };
}

const LOST_STATES: readonly InstanceState[] = ['FAILED', 'STOPPED'];

/** The alerts of what changed from `before` to `after`: each is told once, when it appears. */
export function factAlerts(before: AlertFacts, after: AlertFacts, time: number): Alert[] {
  const alerts: Alert[] = [];
  for (const [identifier, state] of after.instances) {
    if (before.instances.get(identifier) === 'RUNNING' && LOST_STATES.includes(state)) {
      alerts.push({ kind: 'INSTANCE_LOST', time, identifier, subject: '', message: `instance ${identifier} lost (now ${state})` });
    }
  }
  for (const namespec of after.conflicts) {
    if (!before.conflicts.has(namespec)) alerts.push({ kind: 'CONFLICT', time, identifier: '', subject: namespec, message: `${namespec} runs on several instances (conflict)` });
  }
  for (const application of after.majorFailures) {
    if (!before.majorFailures.has(application)) {
      alerts.push({ kind: 'MAJOR_FAILURE', time, identifier: '', subject: application, message: `application ${application} is in major failure` });
    }
  }
  return alerts;
}
