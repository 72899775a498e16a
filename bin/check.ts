/**
 * What `supvisorsd --check` verifies, and how supvisorsd ends on a configuration error
 * (docs/configuration.md, "Checking a configuration" and "Setting up a node").
 *
 * A configuration error exits with EXIT_CONFIG (78, sysexits' EX_CONFIG): the documented
 * listener section lists it in `exitcodes` with `autorestart = unexpected`, so supervisord
 * leaves a node with a bad configuration stopped instead of respawning it forever, while a
 * crash (any other status, or a signal) is still restarted at once.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { gatherLocalHost } from '../actors/instance-tracker/host-facts.js';
import { describePlugins, rulesStrategies, unknownPluginOptions, type PluginModule } from '../actors/plugins/load-plugins.js';
import { isStruct, type XmlRpcValue } from '../xmlrpc/values.js';
import { buildInstanceList } from '../cluster/instances.js';
import type { RuntimeConfig } from '../config/index.js';
import { describeError, isSupvisorsError } from '../errors/errors.js';
import { autorestartAgainstRules, formatRulesFinding, unknownRulesPrograms, unusableRulesError, type ConfiguredProcess } from '../rules/node-rules.js';
import { readProgramSections } from '../config/program-sections.js';
import { mapPrograms } from '../supervisor/program-map.js';
import { namespecOf } from '../supervisor/namespec.js';
import { loadRulesFiles } from '../rules/load-rules.js';
import type { RuleSet } from '../rules/types.js';
import { SupervisorClient } from '../supervisor-bridge/supervisor-client.js';

/** sysexits.h EX_CONFIG: the configuration is wrong; listed in the listener's `exitcodes`. */
export const EXIT_CONFIG = 78;
/** Anything else that ends supvisorsd: supervisord restarts it (`autorestart = unexpected`). */
export const EXIT_CRASH = 1;
/** `--check` only: the node would start, but its rules files have errors (docs/rules.md "Problems"). */
export const EXIT_RULES_ERRORS = 1;

/** Errors a restart cannot cure: the configuration, or a port another program holds or that needs privileges. */
export function isConfigurationError(error: unknown): boolean {
  if (isSupvisorsError(error, 'CONFIG_INVALID')) return true;
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES');
}

export function exitCodeOf(error: unknown): number {
  return isConfigurationError(error) ? EXIT_CONFIG : EXIT_CRASH;
}

/** The last line supvisorsd writes: the reason alone for a configuration error, the stack for a crash (a bug). */
export function exitMessage(error: unknown): string {
  if (isSupvisorsError(error)) return `supvisorsd: ${error.message}`;
  if (isConfigurationError(error)) return `supvisorsd: invalid configuration: cannot serve: ${describeError(error)} (is another program on http_port?)`;
  return `supvisorsd: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

function supervisorAddress(config: RuntimeConfig): string {
  return config.supervisor.kind === 'unix' ? config.supervisor.socketPath : `${config.supervisor.host}:${config.supervisor.port}`;
}

function configuredProcesses(infos: XmlRpcValue): ConfiguredProcess[] {
  if (!Array.isArray(infos)) return [];
  const processes: ConfiguredProcess[] = [];
  for (const info of infos) {
    if (!isStruct(info)) continue;
    const { group, name } = info;
    if (typeof group === 'string' && typeof name === 'string') processes.push({ group, name });
  }
  return processes;
}

/** How long `--check` waits for a host name of `supvisors_list` to resolve. */
const LOOKUP_BOUND_MS = 2000;

/**
 * The host names of `supvisors_list` that do not resolve here. Not a refusal: the node starts,
 * and those instances stay unreachable (SILENT) until their names resolve.
 */
async function unresolvedHosts(hosts: readonly string[]): Promise<string[]> {
  const names = [...new Set(hosts)].filter((host) => isIP(host) === 0);
  const problems = await Promise.all(
    names.map(async (host) => {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${LOOKUP_BOUND_MS} ms`), LOOKUP_BOUND_MS);
      });
      try {
        const problem = await Promise.race([lookup(host).then(() => undefined, (error: unknown) => (error as NodeJS.ErrnoException).code ?? describeError(error)), bound]);
        return problem === undefined ? [] : [`supvisors_list: host ${host} does not resolve (${problem}): its instance stays unreachable until it does`];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return problems.flat();
}

/**
 * The rules' named applications and programs supervisord does not have (it alone knows its
 * programs), and the programs whose autorestart works against their running-failure strategy.
 */
async function rulesAgainstPrograms(supervisor: SupervisorClient, rules: RuleSet, configFile: string): Promise<string[]> {
  const processes = configuredProcesses(await supervisor.call('supervisor.getAllConfigInfo'));
  const programs = mapPrograms(processes, readProgramSections(configFile));
  const restarting = processes.flatMap((process) => {
    const program = programs.get(namespecOf(process.group, process.name));
    return program === undefined ? [] : [{ ...process, programName: program.programName, autorestart: program.autorestart }];
  });
  return [...unknownRulesPrograms(rules, processes), ...autorestartAgainstRules(rules, restarting)];
}

/**
 * Everything start would refuse, plus the rules' errors, written to `out` one per line. Gives
 * the exit status: 0 fine (warnings allowed), EXIT_CONFIG when the node would refuse to start,
 * EXIT_RULES_ERRORS when it would start but ignore parts of its rules files.
 */
export async function checkConfiguration(config: RuntimeConfig, out: (line: string) => void, supervisorTimeoutMs = 2000): Promise<number> {
  for (const warning of config.warnings) out(`warning: ${warning}`);
  const refusals: string[] = [];
  const localHost = await gatherLocalHost();
  const built = buildInstanceList(config.options, config.identifier, localHost.facts);
  if (!built.ok) refusals.push(`${config.configFile}: ${built.error.message}`);
  else for (const problem of await unresolvedHosts(built.value.instances.map((instance) => instance.host))) out(`warning: ${problem}`);
  let plugins: PluginModule[] = [];
  try {
    plugins = await describePlugins(config.options.plugins, config.options.pluginTimeout * 1000);
    refusals.push(...unknownPluginOptions(config.options, plugins));
  } catch (error) {
    refusals.push(describeError(error).replace(/^SUPVISORS_CONF_ERROR: /, ''));
  }
  const loading = loadRulesFiles(config.options.rulesFiles, { startingStrategy: config.options.startingStrategy, extraStrategies: rulesStrategies(plugins) });
  const unusable = new Set(loading.unusable);
  let ruleErrors = 0;
  for (const finding of loading.findings) {
    if (unusable.has(finding)) continue;
    if (finding.level === 'error') ruleErrors += 1;
    out(`${finding.level}: rules: ${formatRulesFinding(finding)}`);
  }
  const unusableError = unusableRulesError(loading.unusable);
  if (unusableError !== undefined) refusals.push(unusableError.message);
  if (loading.rules.files.length > 0) {
    const supervisor = new SupervisorClient(config.supervisor, { timeoutMs: supervisorTimeoutMs });
    try {
      for (const problem of await rulesAgainstPrograms(supervisor, loading.rules, config.configFile)) out(`warning: rules: ${problem}`);
    } catch (error) {
      out(`note: programs named in the rules not checked against supervisord (not reachable at ${supervisorAddress(config)}: ${describeError(error)})`);
    } finally {
      supervisor.close();
    }
  }
  if (refusals.length > 0) {
    out(`${config.configFile}: supvisorsd would refuse to start:\n${refusals.join('\n')}`);
    return EXIT_CONFIG;
  }
  if (ruleErrors > 0) {
    out(`${config.configFile}: ${ruleErrors} rules error${ruleErrors === 1 ? '' : 's'} (supvisorsd would start, ignoring what they concern)`);
    return EXIT_RULES_ERRORS;
  }
  out(`${config.configFile}: configuration OK (supvisorsd on ${config.http.host}:${config.http.port}, supervisord at ${supervisorAddress(config)})`);
  return 0;
}
