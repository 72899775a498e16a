/**
 * Rules files (docs/rules.md): loadRulesFiles reads and merges them into a RuleSet; the
 * resolve functions tell which rules apply to an application or a process and which instances
 * their identifiers stand for.
 */
export { loadRulesFiles, type RulesLoading } from './load-rules.js';
export { mergeRules, type RulesMerging } from './merge-rules.js';
export { formatRulesFinding, loadNodeRules, unknownRulesPrograms, unusableRulesError, type ConfiguredProcess, type RulesLog } from './node-rules.js';
export { parseRulesFile, type RulesParsing } from './parse-rules.js';
export {
  applicationRulesFor,
  assignSignedProcesses,
  defaultProgramRules,
  programRulesFor,
  resolveApplicationHash,
  resolveIdentifiers,
  unmanagedApplicationRules,
  type ApplicationLookup,
  type KnownInstance,
  type ProgramLookup,
  type Selection,
} from './resolve.js';
export { evaluateOperationalStatus, parseStatusFormula, type FormulaReading, type StatusEvaluation } from './status-formula.js';
export type * from './types.js';
