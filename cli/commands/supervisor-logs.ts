/**
 * supervisorctl's `tail` and `maintail`, with `-f` following the log by polling the XML-RPC
 * read methods (cli/log-tail.ts) since our port does not serve supervisord's /logtail endpoints.
 */
import { Faults } from '../../errors/faults.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { followLog, LineBuffer, mainLog, processLog, type FollowedLog } from '../log-tail.js';
import { parseMaintailArgs, parseTailArgs, tailOffset } from '../supervisorctl.js';
import { argumentError, faultOf, problem, upcheck } from './supervisorctl-support.js';

/** supervisorctl's texts for the faults of reading a log (others are not expected: rethrown). */
const READ_ERRORS: ReadonlyMap<number, string> = new Map([
  [Faults.NO_FILE, 'no log file'],
  [Faults.FAILED, 'unknown error reading log'],
  [Faults.BAD_NAME, 'no such process name'],
]);

/** A read that may fail as supervisorctl expects: the text, or its `<who>: ERROR (...)` line shown and exit 1. */
async function readOrReport(context: CommandContext, who: string, read: () => Promise<string>, expected: readonly number[]): Promise<string | ExitCode> {
  try {
    return await read();
  } catch (error) {
    const fault = faultOf(error);
    const words = READ_ERRORS.get(fault.faultCode);
    if (words === undefined || !expected.includes(fault.faultCode)) throw error;
    problem(context.out, `${who}: ERROR (${words})`);
    return ExitCodes.GENERIC;
  }
}

/**
 * Follows a log until Ctrl-C: supervisorctl's banner, then whole lines as they come (the
 * unfinished one at the end), and the empty line it prints on Ctrl-C. With `--json`: one JSON
 * line per piece read.
 */
async function follow(context: CommandContext, log: FollowedLog, fields: Record<string, string>): Promise<ExitCode> {
  const { out, signal } = context;
  const lines = new LineBuffer();
  out.line('==> Press Ctrl-C to exit <==');
  await followLog(
    log,
    (text) => {
      if (out.json) out.jsonLine({ ...fields, text });
      else for (const line of lines.push(text)) out.line(line);
    },
    signal,
  );
  const rest = lines.flush();
  if (rest !== undefined) out.line(rest);
  out.line('');
  return ExitCodes.SUCCESS;
}

export const tail: Command = {
  name: 'tail',
  usage: 'tail [-f|-<bytes>] <name> [stdout|stderr]',
  help: [
    'tail [-f] <name> [stdout|stderr] (default stdout)',
    'Ex:',
    'tail -f <name>\t\tContinuous tail of named process stdout',
    '\t\t\tCtrl-C to exit.',
    'tail -100 <name>\tlast 100 *bytes* of process stdout',
    'tail <name> stderr\tlast 1600 *bytes* of process stderr',
  ],
  args: ['namespec', 'text'],
  upcheck: false,
  async run(context, args) {
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    const parsed = parseTailArgs(args);
    if (!parsed.ok) return parsed.help ? argumentError(context.out, tail, parsed.message, ExitCodes.GENERIC) : (context.out.error(parsed.message), ExitCodes.GENERIC);
    const { name, channel, amount } = parsed.value;
    const { supervisor } = context.client;
    if (amount === 'follow') {
      const log = processLog(supervisor, name, channel);
      // the name is checked before the banner, where supervisorctl's HTTP tail would show a 404 page
      const checked = await readOrReport(context, name, () => supervisor.getProcessInfo(name).then(() => ''), [Faults.BAD_NAME]);
      return typeof checked === 'number' ? checked : follow(context, log, { name, channel });
    }
    const offset = tailOffset(amount);
    const read = (): Promise<string> => (channel === 'stdout' ? supervisor.readProcessStdoutLog(name, offset, 0) : supervisor.readProcessStderrLog(name, offset, 0));
    const text = await readOrReport(context, name, read, [Faults.NO_FILE, Faults.FAILED, Faults.BAD_NAME]);
    if (typeof text === 'number') return text;
    context.out.line(text);
    context.out.document({ name, channel, text });
    return ExitCodes.SUCCESS;
  },
};

export const maintail: Command = {
  name: 'maintail',
  usage: 'maintail [-f|-<bytes>]',
  help: ['maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)', 'maintail -100\tlast 100 *bytes* of supervisord main log file', 'maintail\tlast 1600 *bytes* of supervisor main log file', ''],
  args: ['text'],
  upcheck: false,
  async run(context, args) {
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    const parsed = parseMaintailArgs(args);
    if (!parsed.ok) return parsed.help ? argumentError(context.out, maintail, parsed.message, ExitCodes.GENERIC) : (context.out.error(parsed.message), ExitCodes.GENERIC);
    const { supervisor } = context.client;
    if (parsed.value === 'follow') return follow(context, mainLog(supervisor), {});
    const offset = tailOffset(parsed.value);
    const text = await readOrReport(context, 'supervisord', () => supervisor.readLog(offset, 0), [Faults.NO_FILE, Faults.FAILED]);
    if (typeof text === 'number') return text;
    context.out.line(text);
    context.out.document({ text });
    return ExitCodes.SUCCESS;
  },
};
