/**
 * Application state and operational status from its processes (states.md §5.1, §5.3; rules.md §9):
 * state, major/minor failure by `required` flags or by the `operational_status` formula.
 */
import { isRunningState } from './process-state.js';
import { evaluateOperationalStatus } from '../rules/status-formula.js';
import type { StatusFormula } from '../rules/types.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';
import type { ApplicationState } from '../vocabulary/supvisors-states.js';

export interface ApplicationProcess {
  /** Process name (not namespec): what formulas match. */
  readonly name: string;
  /** Forced state if any, else the synthetic state. */
  readonly displayedState: ProcessState;
  readonly expectedExit: boolean;
  /** Already forced to false by the rules when the program start_sequence is 0. */
  readonly required: boolean;
}

export interface ApplicationInput {
  /** Declared in a rules file: only then do its processes form the start-sequence map. */
  readonly managed: boolean;
  /** All processes of the application, sequenced or not. */
  readonly processes: readonly ApplicationProcess[];
  readonly statusFormula: StatusFormula | null;
}

export interface ApplicationEvaluation {
  readonly state: ApplicationState;
  readonly majorFailure: boolean;
  readonly minorFailure: boolean;
}

/** STOPPING wins over starting, then STARTING (incl. BACKOFF), then RUNNING, else STOPPED. */
export function applicationState(processes: readonly Pick<ApplicationProcess, 'displayedState'>[]): ApplicationState {
  const states = new Set(processes.map((process) => process.displayedState));
  if (states.has('STOPPING')) return 'STOPPING';
  if (states.has('STARTING') || states.has('BACKOFF')) return 'STARTING';
  if (states.has('RUNNING')) return 'RUNNING';
  return 'STOPPED';
}

/** `update()`: state, then failures by formula when there is one, else by `required`. */
export function evaluateApplication(application: ApplicationInput): ApplicationEvaluation {
  const state = applicationState(application.processes);
  const failures = application.statusFormula === null ? failuresByRequired(application, state) : failuresByFormula(application, application.statusFormula);
  return { state, ...failures };
}

type Failures = Pick<ApplicationEvaluation, 'majorFailure' | 'minorFailure'>;

function inFailure(process: ApplicationProcess): boolean {
  return process.displayedState === 'FATAL' || process.displayedState === 'UNKNOWN' || (process.displayedState === 'EXITED' && !process.expectedExit);
}

function failuresByRequired(application: ApplicationInput, state: ApplicationState): Failures {
  let major = false;
  let minor = false;
  let possibleMajor = false;
  for (const process of application.processes) {
    if (inFailure(process)) {
      if (process.required) major = true;
      else if (application.managed) minor = true;
    } else if (process.displayedState === 'STOPPED' && process.required) {
      possibleMajor = true;
    }
  }
  // A required process stopped is only a failure once the application is meant to run.
  if (state !== 'STOPPED') major ||= possibleMajor;
  return { majorFailure: major, minorFailure: minor && !major };
}

function failuresByFormula(application: ApplicationInput, formula: StatusFormula): Failures {
  // the rules' own evaluator: one reading of formulas in the project
  const result = evaluateOperationalStatus(formula, new Map(application.processes.map((process) => [process.name, operational(process)])));
  const major = !result.ok || !result.operational;
  const minor = !major && application.managed && application.processes.some(inFailure);
  return { majorFailure: major, minorFailure: minor };
}

/** A formula leaf is OK when the process runs or exited as expected. */
function operational(process: ApplicationProcess): boolean {
  return isRunningState(process.displayedState) || (process.displayedState === 'EXITED' && process.expectedExit);
}

/** `get_operational_status`: only meaningful while RUNNING. */
export function operationalStatus(evaluation: ApplicationEvaluation): '' | 'Not Operational' | 'Degraded' | 'Operational' {
  if (evaluation.state !== 'RUNNING') return '';
  if (evaluation.majorFailure) return 'Not Operational';
  return evaluation.minorFailure ? 'Degraded' : 'Operational';
}

/** Every info of every process is STOPPED and was never stopped (`stop == 0`). */
export function neverStarted(processes: readonly { readonly infos: ReadonlyMap<string, { readonly state: ProcessState; readonly stop: number }> }[]): boolean {
  return processes.every((process) => [...process.infos.values()].every((info) => info.state === 'STOPPED' && info.stop === 0));
}
