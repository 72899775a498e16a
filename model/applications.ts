/**
 * Applications as the XML-RPC methods, the starter and the stopper see them: the groups of the
 * cluster model joined with their rules (rules/resolve.ts: exact name first, then the best
 * pattern) and evaluated (application-state.ts). Pure: model and rules in, plain data out.
 */
import { applicationRulesFor, programRulesFor } from '../rules/resolve.js';
import type { ApplicationRules, ProgramRules, RuleSet } from '../rules/types.js';
import { evaluateApplication, type ApplicationEvaluation } from './application-state.js';
import { processesOf, type ClusterModel, type ProcessRecord } from './cluster-model.js';
import { displayedState } from './process-state.js';

export interface ProcessView {
  readonly record: ProcessRecord;
  /** Program rules; `required` already off for a process outside the start sequence. */
  readonly rules: ProgramRules;
}

export interface ApplicationView {
  readonly name: string;
  readonly managed: boolean;
  readonly rules: ApplicationRules;
  /** Why the application's rules were refused (it is then unmanaged). */
  readonly broken: string | undefined;
  readonly processes: readonly ProcessView[];
  readonly evaluation: ApplicationEvaluation;
}

export function programRules(application: ApplicationRules, processName: string): ProgramRules {
  const rules = programRulesFor(application, processName).rules;
  return rules.required && rules.startSequence === 0 ? { ...rules, required: false } : rules;
}

export function applicationView(model: ClusterModel, ruleSet: RuleSet, name: string, startingStrategy: string): ApplicationView | undefined {
  const records = processesOf(model, name);
  if (records.length === 0) return undefined;
  const lookup = applicationRulesFor(ruleSet, name, startingStrategy);
  const rules = lookup.rules;
  const processes = records.map((record) => ({ record, rules: programRules(rules, record.name) }));
  const evaluation = evaluateApplication({
    managed: rules.managed,
    statusFormula: rules.statusFormula ?? null,
    processes: processes.map(({ record, rules: program }) => ({
      name: record.name,
      displayedState: displayedState(record.synthesis),
      expectedExit: record.synthesis.expectedExit,
      required: program.required,
    })),
  });
  return { name, managed: rules.managed, rules, broken: lookup.broken, processes, evaluation };
}

/** Every application, in the order first seen. */
export function applicationViews(model: ClusterModel, ruleSet: RuleSet, startingStrategy: string): ApplicationView[] {
  return model.applications.flatMap((name) => {
    const view = applicationView(model, ruleSet, name, startingStrategy);
    return view === undefined ? [] : [view];
  });
}
