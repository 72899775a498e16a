/**
 * The `[supervisorctl]` section of the file given with `supvisorsctl -c FILE`, read as
 * supervisorctl reads it (Supervisor 4.2, ClientOptions.read_config): the file alone (an
 * `[include]` is not followed by supervisorctl either), the options `serverurl`, `username`,
 * `password`, `prompt` and `history_file`, with Supervisor's expansions (`%(ENV_X)s`,
 * `%(here)s`), `history_file` made absolute against the working directory (`~` expanded).
 * A file without the section is an error, as in supervisorctl.
 *
 * The INI text is read by the project's reader (config/ini.ts), the expansions by
 * config/expansion.ts.
 */
import { readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseIni } from '../config/ini.js';
import { absolutePath } from '../config/paths.js';
import { convertOption } from '../config/supervisord-conf.js';
import { accepted, rejected, type Parsed } from '../config/values.js';

export const SECTION = 'supervisorctl';

export interface SupervisorctlSection {
  /** The file, absolute. */
  readonly file: string;
  readonly serverurl?: string;
  readonly username?: string;
  readonly password?: string;
  /** Without its `> `. */
  readonly prompt?: string;
  readonly historyFile?: string;
}

export interface ReadContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
}

/** The section's options from the file's text (pure: no file read). */
export function parseSupervisorctlSection(text: string, file: string, context: ReadContext): Parsed<SupervisorctlSection> {
  const document = parseIni(text, file);
  if (document.errors.length > 0) return rejected(document.errors.join('\n'));
  const section = document.sections.find((candidate) => candidate.name === SECTION);
  if (section === undefined) return rejected(`${file}: .ini file does not include supervisorctl section`);
  const scope = { hostname: hostname(), env: context.env };
  const values: Record<string, string> = {};
  for (const key of ['serverurl', 'username', 'password', 'prompt', 'history_file']) {
    const option = section.options.get(key);
    if (option === undefined) continue;
    const value = convertOption(section, option, scope, accepted);
    if (!value.ok) return value;
    values[key] = value.value;
  }
  const historyFile = values['history_file'];
  return accepted({
    file,
    ...(values['serverurl'] === undefined ? {} : { serverurl: values['serverurl'] }),
    ...(values['username'] === undefined ? {} : { username: values['username'] }),
    ...(values['password'] === undefined ? {} : { password: values['password'] }),
    ...(values['prompt'] === undefined ? {} : { prompt: values['prompt'] }),
    // supervisorctl: an empty history_file means none.
    ...(historyFile === undefined || historyFile === '' ? {} : { historyFile: absolutePath(historyFile, context.cwd, context.home) }),
  });
}

/** Reads `file` (relative to the working directory) and its `[supervisorctl]` section. */
export function readSupervisorctlSection(file: string, context: ReadContext = { env: process.env, cwd: process.cwd(), home: homedir() }): Parsed<SupervisorctlSection> {
  const path = resolve(context.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return rejected(code === 'ENOENT' ? `could not find config file ${file}` : `could not read config file ${file}`);
  }
  return parseSupervisorctlSection(text, path, context);
}
