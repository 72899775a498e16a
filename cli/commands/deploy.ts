/**
 * `deploy FILE [--dry-run] [--accept-host-key HOST=SHA256:...]...`: a cluster over SSH from a
 * description (deploy/, docs/deploy.md). It talks to the hosts, not to a node: no upcheck.
 */
import { homedir, userInfo } from 'node:os';
import { deploy } from '../../deploy/index.js';
import type { Command } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { usageError } from '../report.js';

const USAGE = 'deploy <file> [--dry-run] [--accept-host-key <host>=SHA256:<fingerprint>]...';

function parseArgs(args: readonly string[]): { file: string; dryRun: boolean; accept: string[] } | undefined {
  let file: string | undefined;
  let dryRun = false;
  const accept: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] ?? '';
    if (word === '--dry-run') dryRun = true;
    else if (word === '--accept-host-key') {
      const value = args[index + 1];
      if (value === undefined) return undefined;
      accept.push(value);
      index += 1;
    } else if (word.startsWith('--accept-host-key=')) accept.push(word.slice('--accept-host-key='.length));
    else if (word.startsWith('-') || file !== undefined) return undefined;
    else file = word;
  }
  return file === undefined ? undefined : { file, dryRun, accept };
}

export const deployCommand: Command = {
  name: 'deploy',
  usage: USAGE,
  help: [
    'Install or upgrade supvisors-ts and its configuration on every host of the description over SSH,',
    'then start the nodes, or restart them one at a time, each back in OPERATION before the next.',
    'Every host is checked first; any problem is reported and nothing is changed.',
    '--dry-run: say what would change on each host, change nothing.',
    '--accept-host-key HOST=SHA256:...: accept (and record in known_hosts) the unknown host key with this fingerprint.',
  ],
  args: ['text'],
  upcheck: false,
  async run(context, args): Promise<ExitCode> {
    const parsed = parseArgs(args);
    if (parsed === undefined) return usageError(context.out, this, 'deploy takes one description file and the flags below');
    const code = await deploy({
      ...parsed,
      out: { line: (text) => context.out.line(text), error: (text) => context.out.error(text) },
      home: homedir(),
      localUser: userInfo().username,
      agentSocket: process.env['SSH_AUTH_SOCK'],
      signal: context.signal,
    });
    return code === 0 ? ExitCodes.SUCCESS : code === 2 ? ExitCodes.INVALID_ARGS : ExitCodes.GENERIC;
  },
};
