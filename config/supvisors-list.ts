/**
 * `supvisors_list` (spec/config.md §4): comma-separated entries `[<NICK>]HOST[:PORT]`, blanks
 * trimmed, empty items dropped, exact repeats removed (first kept), order kept.
 * NICK: letters, digits, `_ - : .`; HOST: letters, digits, `_ - .`; PORT: 4 or 5 digits.
 * identifier = `HOST:http_port` (PORT, else the local http_port); nick identifier = NICK unless
 * absent or `supervisor`, else `HOST:PORT` when PORT is written, else HOST.
 * Stricter than Python Supvisors: PORT must lie in 1..65535, and two entries may not share an
 * identifier or a nick identifier. Hosts are not resolved here.
 */
import type { SupvisorsListEntry } from './types.js';
import { accepted, commaItems, distinctItems, rejected, type Parsed } from './values.js';

const entryPattern = /^(?:<([\p{L}\p{N}_\-:.]+)>)?([\p{L}\p{N}_\-.]+)(?::(\d{4,5}))?$/u;

const entryGrammar = '[<NICK>]HOST[:PORT] (NICK: letters, digits, _ - : .; HOST: letters, digits, _ - .; PORT: 4 or 5 digits up to 65535)';

export function parseSupvisorsListEntry(text: string, localHttpPort: number): SupvisorsListEntry | undefined {
  const match = entryPattern.exec(text);
  if (match === null) return undefined;
  const [, nick, host = '', writtenPort] = match;
  const port = writtenPort === undefined ? undefined : Number(writtenPort);
  if (port !== undefined && port > 65535) return undefined;
  const hostAndPort = port === undefined ? host : `${host}:${port}`;
  return {
    nick,
    host,
    port,
    identifier: `${host}:${port ?? localHttpPort}`,
    nickIdentifier: nick === undefined || nick === 'supervisor' ? hostAndPort : nick,
  };
}

function repeated(values: readonly string[]): string[] {
  return distinctItems(values.filter((value, index) => values.indexOf(value) !== index));
}

export function parseSupvisorsList(text: string, localHttpPort: number): Parsed<SupvisorsListEntry[]> {
  const items = distinctItems(commaItems(text));
  const entries = items.map((item) => parseSupvisorsListEntry(item, localHttpPort));
  const invalid = items.filter((_item, index) => entries[index] === undefined);
  if (invalid.length > 0) return rejected(`${invalid.map((item) => JSON.stringify(item)).join(', ')}: expected entries ${entryGrammar}`);
  const valid = entries.filter((entry) => entry !== undefined);
  const problems = [
    ...repeated(valid.map((entry) => entry.identifier)).map((identifier) => `identifier ${identifier} defined twice`),
    ...repeated(valid.map((entry) => entry.nickIdentifier)).map((nick) => `nick ${nick} defined twice`),
  ];
  return problems.length > 0 ? rejected(`${problems.join(', ')}: each entry needs its own HOST:PORT and nick`) : accepted(valid);
}
