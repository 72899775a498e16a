/**
 * The `[supvisors]` section: supvisorsd's options, under the option names of Python Supvisors'
 * `[rpcinterface:supvisors]` (a section supervisord ignores, so it does not try to load the
 * Python plugin). A file still holding `[rpcinterface:supvisors]` is refused with the fix.
 * Reading order: `http_port` first (default: `[inet_http_server]` port + 1; required without an
 * inet server), then every option of the table, whose defaults may depend on it.
 * `supervisor.rpcinterface_factory` is ignored silently; any other unknown option is a warning.
 * A missing `[supvisors]` section means every option takes its default (with a warning).
 */
import { dirname } from 'node:path';
import { expand, expansionVariables, type ExpansionScope } from './expansion.js';
import type { Findings } from './findings.js';
import type { IniSection } from './ini.js';
import { optionTable, type OptionContext, type OptionSpec, type TableOptions } from './options.js';
import type { SupervisorSections } from './supervisor-sections.js';
import { convertOption, optionPlace, readOption, sectionPlace, type SupervisordConf } from './supervisord-conf.js';
import type { SupvisorsOptions } from './types.js';
import { parsePort } from './values.js';

export const supvisorsSectionName = 'supvisors';
const pythonPluginSection = 'rpcinterface:supvisors';
const pythonControllerSection = 'ctlplugin:supvisors';
const ignoredOptions = new Set(['supervisor.rpcinterface_factory']);
const knownOptions = new Set(['http_port', ...Object.values(optionTable).map((spec: OptionSpec<unknown>) => spec.name)]);

export interface LocalContext {
  readonly cwd: string;
  readonly home: string;
}

function checkPythonSections(conf: SupervisordConf, findings: Findings): void {
  const plugin = conf.sections.get(pythonPluginSection);
  if (plugin !== undefined) {
    findings.errors.push(
      `${sectionPlace(plugin)}: rename this header to [${supvisorsSectionName}]: supvisorsd reads its options from [${supvisorsSectionName}], ` +
        `and with [${pythonPluginSection}] supervisord would try to import the Python Supvisors plugin`,
    );
  }
  const controller = conf.sections.get(pythonControllerSection);
  if (controller !== undefined) {
    findings.warnings.push(`${sectionPlace(controller)}: supervisorctl imports the Python supvisors package for this section; remove it unless that package is installed`);
  }
}

function readHttpPort(conf: SupervisordConf, servers: SupervisorSections, scope: ExpansionScope, findings: Findings): number | undefined {
  const section = conf.sections.get(supvisorsSectionName);
  const written = section === undefined ? undefined : readOption(section, 'http_port', scope, parsePort, findings);
  if (written !== undefined || section?.options.has('http_port') === true) return written;
  const where = section === undefined ? `${conf.file}: [${supvisorsSectionName}] http_port` : `${sectionPlace(section)} http_port`;
  if (servers.inet === undefined) {
    findings.errors.push(`${where}: required when there is no [inet_http_server] (expected an integer in 1..65535)`);
    return undefined;
  }
  if (servers.inet.port === 65535) {
    findings.errors.push(`${where}: the default, [inet_http_server] port + 1, is 65536: set an integer in 1..65535`);
    return undefined;
  }
  return servers.inet.port + 1;
}

function readTable(section: IniSection | undefined, base: Omit<OptionContext, 'warn'>, scope: ExpansionScope, findings: Findings): TableOptions {
  const read = <T>(spec: OptionSpec<T>): T => {
    const option = section?.options.get(spec.name);
    if (section === undefined || option === undefined) return spec.fallback({ ...base, warn: () => undefined });
    const context: OptionContext = { ...base, warn: (text) => void findings.warnings.push(`${optionPlace(section, option)}: ${text}`) };
    const converted = convertOption(section, option, scope, (text) => spec.parse(text, context), spec.secret);
    if (converted.ok) return converted.value;
    findings.errors.push(converted.problem);
    return spec.fallback(context);
  };
  // The table holds exactly one spec per field of TableOptions, so the entries rebuild it.
  return Object.fromEntries(Object.entries(optionTable).map(([field, spec]: [string, OptionSpec<unknown>]) => [field, read(spec)])) as TableOptions;
}

function warnUnknownOptions(section: IniSection, findings: Findings): void {
  for (const option of section.options.values()) {
    if (!knownOptions.has(option.key) && !ignoredOptions.has(option.key)) {
      findings.warnings.push(`${optionPlace(section, option)}: unknown option, ignored`);
    }
  }
}

/** The options, or undefined when http_port (which others depend on) could not be set. */
export function readSupvisorsSection(
  conf: SupervisordConf,
  servers: SupervisorSections,
  scope: ExpansionScope,
  local: LocalContext,
  findings: Findings,
): SupvisorsOptions | undefined {
  checkPythonSections(conf, findings);
  const section = conf.sections.get(supvisorsSectionName);
  if (section === undefined && !conf.sections.has(pythonPluginSection)) {
    findings.warnings.push(`${conf.file}: no [${supvisorsSectionName}] section: every Supvisors option takes its default`);
  }
  if (section !== undefined) warnUnknownOptions(section, findings);
  const httpPort = readHttpPort(conf, servers, scope, findings);
  const variables = expansionVariables(scope, dirname(section?.file ?? conf.file));
  // Without http_port the table is still read, with a stand-in port, to report its own errors.
  const base = { cwd: local.cwd, home: local.home, httpPort: httpPort ?? 0, expand: (text: string) => expand(text, variables) };
  const table = readTable(section, base, scope, findings);
  return httpPort === undefined ? undefined : { ...table, httpPort };
}
