/**
 * supvisorsd's command line: `-c FILE` / `--configuration FILE` / `--configuration=FILE` names
 * the supervisord.conf to read (as supervisord's own option does); without it, the environment
 * variable SUPVISORS_CONFIG does. `--check` validates the configuration and exits.
 */
import { SupvisorsError } from '../errors/errors.js';

export interface CommandLine {
  configFile: string;
  checkOnly: boolean;
}

const usage = 'usage: supvisorsd (-c FILE | --configuration FILE) [--check]   (FILE defaults to $SUPVISORS_CONFIG)';

function invalid(problem: string): SupvisorsError {
  return new SupvisorsError('CONFIG_INVALID', `${problem}\n${usage}`);
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  let configFile: string | undefined;
  let checkOnly = false;
  const setConfigFile = (value: string | undefined, flag: string): void => {
    if (value === undefined || value === '') throw invalid(`${flag} needs a file`);
    if (configFile !== undefined) throw invalid(`${flag}: the configuration file is given twice`);
    configFile = value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '-c' || argument === '--configuration') {
      index += 1;
      setConfigFile(argv[index], argument);
    } else if (argument.startsWith('--configuration=')) {
      setConfigFile(argument.slice('--configuration='.length), '--configuration');
    } else if (argument === '--check') {
      checkOnly = true;
    } else {
      throw invalid(`unknown argument ${argument}`);
    }
  }
  configFile ??= env.SUPVISORS_CONFIG === '' ? undefined : env.SUPVISORS_CONFIG;
  if (configFile === undefined) throw invalid('no configuration file: give -c FILE or set SUPVISORS_CONFIG');
  return { configFile, checkOnly };
}
