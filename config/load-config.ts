/**
 * loadConfig: one supervisord.conf (and its includes) in, one validated RuntimeConfig out.
 * Every problem is collected first, then all are thrown at once as a CONFIG_INVALID
 * SupvisorsError, one per line, each naming its file (and line), option and what is allowed.
 * Relative paths in values resolve against the working directory (as in supervisord, where
 * Python Supvisors runs), except those Supervisor resolves against the file (`[include]`,
 * `[unix_http_server] file`).
 */
import { homedir, hostname } from 'node:os';
import { resolve } from 'node:path';
import { SupvisorsError } from '../errors/errors.js';
import { applyConsistencyRules } from './consistency.js';
import type { ExpansionScope } from './expansion.js';
import { noFindings, type Findings } from './findings.js';
import { httpServerHost, readSupervisorSections, supervisorAccess } from './supervisor-sections.js';
import { readSupervisordConf, type SupervisordConf } from './supervisord-conf.js';
import { readSupvisorsSection, supvisorsSectionName } from './supvisors-section.js';
import type { RuntimeConfig } from './types.js';

/** What loading depends on besides the file and the environment. */
export interface HostContext {
  /** Base of relative paths; default process.cwd(). */
  cwd: string;
  /** `~` in paths; default $HOME, else os.homedir(). */
  home: string;
  /** `%(host_node_name)s`; default os.hostname(). */
  hostname: string;
}

function invalid(findings: Findings): SupvisorsError {
  const count = findings.errors.length;
  return new SupvisorsError('CONFIG_INVALID', `invalid configuration (${count} error${count === 1 ? '' : 's'}):\n${findings.errors.join('\n')}`);
}

/** `FILE:LINE: [supvisors] NAME` when the option is written, else `FILE: [supvisors] NAME`. */
function supvisorsOptionPlace(conf: SupervisordConf, name: string): string {
  const section = conf.sections.get(supvisorsSectionName);
  const option = section?.options.get(name);
  if (section === undefined || option === undefined) return `${section?.file ?? conf.file}: [${supvisorsSectionName}] ${name}`;
  return `${section.file}:${option.line}: [${supvisorsSectionName}] ${name}`;
}

/** The RuntimeConfig of an assembled configuration; `findings` may hold what reading it found. */
export function runtimeConfigFrom(conf: SupervisordConf, scope: ExpansionScope, host: HostContext, findings: Findings = noFindings()): RuntimeConfig {
  const servers = readSupervisorSections(conf, scope, host.home, findings);
  const options = readSupvisorsSection(conf, servers, scope, host, findings);
  const supervisor = supervisorAccess(servers);
  if (options === undefined || supervisor === undefined || findings.errors.length > 0) throw invalid(findings);
  const consistent = applyConsistencyRules(options, servers.inet?.port, (name) => supvisorsOptionPlace(conf, name), servers.inet?.username !== undefined);
  findings.errors.push(...consistent.errors);
  findings.warnings.push(...consistent.warnings);
  if (findings.errors.length > 0) throw invalid(findings);
  const credentials = servers.inet?.username === undefined ? {} : { username: servers.inet.username, password: servers.inet.password };
  return {
    configFile: conf.file,
    identifier: servers.identifier,
    supervisor,
    ...(servers.inet === undefined ? {} : { supervisorInet: { host: servers.inet.host, port: servers.inet.port } }),
    http: { host: httpServerHost(servers), port: consistent.options.httpPort, ...credentials },
    options: consistent.options,
    warnings: findings.warnings,
  };
}

/** Reads and validates FILE; throws SupvisorsError('CONFIG_INVALID') listing every problem found. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, host: Partial<HostContext> = {}): RuntimeConfig {
  const context: HostContext = { cwd: host.cwd ?? process.cwd(), home: host.home ?? env.HOME ?? homedir(), hostname: host.hostname ?? hostname() };
  const scope: ExpansionScope = { hostname: context.hostname, env };
  const findings = noFindings();
  const conf = readSupervisordConf(resolve(context.cwd, file), scope, findings);
  if (conf === undefined) throw invalid(findings);
  return runtimeConfigFrom(conf, scope, context, findings);
}
