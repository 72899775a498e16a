/**
 * What supvisorsd takes from Supervisor's own sections (values expanded as Supervisor does):
 * - `[supervisord] identifier`, default `supervisor`; the section itself is mandatory, as for
 *   supervisord;
 * - `[inet_http_server] port` (`9001`, `:9001`, `*:9001`, `host:9001`) and
 *   `[unix_http_server] file` (`~` expanded, relative to the directory of its file), each with
 *   `username` and `password`, both or neither (as Supervisor requires).
 * supvisorsd reaches supervisord through the unix socket when there is one (no network
 * exposure), else through the inet server, on loopback when it listens on all interfaces.
 * supvisorsd's own server listens where the inet server does: on all interfaces when supervisord
 * does (peers must reach it), on loopback when there is no inet server.
 */
import { dirname } from 'node:path';
import type { ExpansionScope } from './expansion.js';
import type { Findings } from './findings.js';
import type { IniSection } from './ini.js';
import { absolutePath } from './paths.js';
import { readOption, sectionPlace, type SupervisordConf } from './supervisord-conf.js';
import type { SupervisorAccess } from './types.js';
import { accepted, parseInetAddress, rejected, type InetAddress, type Parsed } from './values.js';

interface Credentials {
  username?: string;
  password?: string;
}

export interface SupervisorSections {
  identifier: string;
  /** host `''` = all interfaces. */
  inet?: InetAddress & Credentials;
  unix?: { socketPath: string } & Credentials;
}

const loopback = '127.0.0.1';
const anyText = (value: string): Parsed<string> => accepted(value);

function readCredentials(section: IniSection, scope: ExpansionScope, findings: Findings): Credentials {
  if (section.options.has('username') !== section.options.has('password')) {
    findings.errors.push(`${sectionPlace(section)}: username and password go together: set both or neither`);
  }
  const username = readOption(section, 'username', scope, anyText, findings);
  const password = readOption(section, 'password', scope, anyText, findings);
  return username === undefined || password === undefined ? {} : { username, password };
}

function requireOption(section: IniSection, key: string, expected: string, findings: Findings): void {
  if (!section.options.has(key)) findings.errors.push(`${sectionPlace(section)} has no ${key} option (expected ${expected})`);
}

function readInet(section: IniSection, scope: ExpansionScope, findings: Findings): SupervisorSections['inet'] {
  requireOption(section, 'port', 'PORT, :PORT or HOST:PORT', findings);
  const address = readOption(section, 'port', scope, parseInetAddress, findings);
  const credentials = readCredentials(section, scope, findings);
  return address === undefined ? undefined : { ...address, ...credentials };
}

function readUnix(section: IniSection, scope: ExpansionScope, home: string, findings: Findings): SupervisorSections['unix'] {
  requireOption(section, 'file', 'the path of the socket file', findings);
  const toPath = (value: string): Parsed<string> =>
    value === '' ? rejected('expected the path of the socket file') : accepted(absolutePath(value, dirname(section.file), home));
  const socketPath = readOption(section, 'file', scope, toPath, findings);
  const credentials = readCredentials(section, scope, findings);
  return socketPath === undefined ? undefined : { socketPath, ...credentials };
}

export function readSupervisorSections(conf: SupervisordConf, scope: ExpansionScope, home: string, findings: Findings): SupervisorSections {
  const supervisord = conf.sections.get('supervisord');
  if (supervisord === undefined) findings.errors.push(`${conf.file}: no [supervisord] section: this is not a supervisord configuration file`);
  const inetSection = conf.sections.get('inet_http_server');
  const unixSection = conf.sections.get('unix_http_server');
  const inet = inetSection === undefined ? undefined : readInet(inetSection, scope, findings);
  const unix = unixSection === undefined ? undefined : readUnix(unixSection, scope, home, findings);
  if (inetSection === undefined && unixSection === undefined) {
    findings.errors.push(`${conf.file}: neither [inet_http_server] nor [unix_http_server]: supvisorsd cannot reach supervisord`);
  }
  const identifier = (supervisord === undefined ? undefined : readOption(supervisord, 'identifier', scope, anyText, findings)) ?? 'supervisor';
  return { identifier, ...(inet === undefined ? {} : { inet }), ...(unix === undefined ? {} : { unix }) };
}

export function supervisorAccess({ inet, unix }: SupervisorSections): SupervisorAccess | undefined {
  if (unix !== undefined) return { kind: 'unix', ...unix };
  if (inet === undefined) return undefined;
  return { kind: 'inet', ...inet, host: ['', '0.0.0.0'].includes(inet.host) ? loopback : inet.host };
}

/** Where supvisorsd's own server listens. */
export function httpServerHost({ inet }: SupervisorSections): string {
  if (inet === undefined) return loopback;
  return inet.host === '' ? '0.0.0.0' : inet.host;
}
