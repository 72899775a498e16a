/**
 * `logs NAMESPEC [stdout|stderr]`: `tail -f` of a process wherever it runs. The node it runs on
 * comes from `supvisors.get_process_info` asked to the node the command talks to; its log is
 * read on that node, polled (cli/log-tail.ts, as supvisorctl's `tail -f`); when the process runs
 * elsewhere later, the command says so and follows it there.
 */
import { BadNameFault, type SupvisorsClient } from '../../client/index.js';
import { pause } from '../abortable.js';
import { usageError } from '../report.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { findInstance, instanceUrl } from '../instance-address.js';
import { parseLogsArgs, placement, type LogsOptions, type ProcessInfo } from '../log-follow.js';
import { FOLLOW_INTERVAL_MS, FOLLOW_START_BYTES, LineBuffer, processLog, type FollowedLog } from '../log-tail.js';
import { failed, failureText, streamError } from './ours-errors.js';

/** Where the process runs is checked every this many polls (and at once when its log is gone). */
const PLACEMENT_EVERY = 4;

interface FollowedNode {
  readonly identifier: string;
  readonly nick: string;
  readonly client: SupvisorsClient;
  readonly log: FollowedLog;
  /** Where the next read starts; undefined: not read yet (the first read gives the log's last bytes). */
  offset: number | undefined;
}

/** The follower's state: the node read and the text after the last newline. */
class Follower {
  private node: FollowedNode | undefined;
  private readonly lines = new LineBuffer();
  private stopped = false;
  private lastFailure = '';

  constructor(
    private readonly context: CommandContext,
    private readonly options: LogsOptions,
    /** `group:name`, as Supervisor takes it. */
    private readonly name: string,
  ) {}

  get identifier(): string | undefined {
    return this.node?.identifier;
  }

  /** Starts reading the log on `identifier`, from its last bytes; false (said) when the node is not in the instance list. */
  async follow(identifier: string, moved: boolean): Promise<boolean> {
    if (this.node !== undefined) {
      // its last words there
      await this.read();
      this.close();
    }
    const instances = await this.context.client.supvisors.get_all_instances_info();
    const instance = findInstance(instances, identifier);
    if (instance === undefined) {
      this.failure(`ERROR: ${this.options.namespec} runs on ${identifier}, not in the instance list`);
      return false;
    }
    const client = this.context.connect(instanceUrl(instance, this.context.client.address));
    this.node = { identifier, nick: instance.nick_identifier, client, log: processLog(client.supervisor, this.name, this.options.channel), offset: undefined };
    this.stopped = false;
    this.notice(moved ? `${this.options.namespec} moved to ${instance.nick_identifier}` : `${this.options.namespec} on ${instance.nick_identifier}`);
    return true;
  }

  /** Reads what the log gained; false when the process is unknown there now (its log gone with it). */
  async read(): Promise<boolean> {
    const node = this.node;
    if (node === undefined) return true;
    try {
      const chunk = node.offset === undefined ? await node.log.start(FOLLOW_START_BYTES) : await node.log.next(node.offset);
      node.offset = chunk.offset;
      this.lastFailure = '';
      this.write(chunk.text);
      return true;
    } catch (error) {
      this.failure(failureText(error, `${node.nick}: `));
      return !(error instanceof BadNameFault);
    }
  }

  /** Where the process runs now: follows it there, or says it stopped. */
  async place(info: ProcessInfo): Promise<void> {
    const where = placement(info, this.identifier);
    if (where.kind === 'follow') await this.follow(where.identifier, this.node !== undefined);
    else if (where.kind === 'stopped' && !this.stopped) {
      this.stopped = true;
      this.notice(`${this.options.namespec} is ${where.statename}, waiting for it to run again`);
    } else if (where.kind === 'stay' && this.stopped) {
      this.stopped = false;
      this.notice(`${this.options.namespec} runs again on ${this.node?.nick ?? '?'}`);
    }
  }

  failure(text: string): void {
    // a node that does not answer would repeat the same line every poll
    if (text !== this.lastFailure) streamError(this.context.out, text);
    this.lastFailure = text;
  }

  private write(text: string): void {
    if (text === '') return;
    const { out } = this.context;
    if (out.json) out.jsonLine({ namespec: this.options.namespec, node: this.node?.nick ?? '', text });
    else for (const line of this.lines.push(text)) out.line(line);
  }

  private notice(text: string): void {
    const { out } = this.context;
    this.flush();
    if (out.json) out.jsonLine({ namespec: this.options.namespec, node: this.node?.nick ?? '', notice: text });
    else out.line(`==> ${text} <==`);
  }

  /** The text after the last newline, written as a line (moving, stopping). */
  private flush(): void {
    const rest = this.lines.flush();
    if (rest !== undefined) this.context.out.line(rest);
  }

  close(): void {
    this.flush();
    this.node?.client.close();
    this.node = undefined;
  }
}

async function runLogs(context: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const { out, signal, client } = context;
  const options = parseLogsArgs(args);
  if ('error' in options) return usageError(out, logsCommand, `ERROR: ${options.error}`);
  let info: ProcessInfo;
  try {
    const infos = await client.supvisors.get_process_info(options.namespec);
    const [only] = infos;
    if (only === undefined || infos.length > 1) return usageError(out, logsCommand, `ERROR: logs follows one process: ${options.namespec} names ${infos.length}`);
    info = only;
  } catch (error) {
    return failed(out, error);
  }
  const start = placement(info, undefined);
  if (start.kind !== 'follow') {
    out.error(`ERROR: ${options.namespec} is not running anywhere (${info.statename})`);
    return ExitCodes.GENERIC;
  }
  const follower = new Follower(context, options, `${info.application_name}:${info.process_name}`);
  try {
    if (!(await follower.follow(start.identifier, false))) return ExitCodes.GENERIC;
    for (let poll = 1; !signal.aborted; poll += 1) {
      const known = await follower.read();
      if (!known || poll % PLACEMENT_EVERY === 0) {
        try {
          const [now] = await client.supvisors.get_process_info(options.namespec);
          if (now !== undefined) await follower.place(now);
        } catch (error) {
          follower.failure(failureText(error));
        }
      }
      await pause(FOLLOW_INTERVAL_MS, signal);
    }
    return ExitCodes.SUCCESS;
  } catch (error) {
    return failed(out, error);
  } finally {
    follower.close();
  }
}

export const logsCommand: Command = {
  name: 'logs',
  usage: 'logs <namespec> [stdout|stderr]',
  help: [
    'Not in Python Supvisors. Follows the stdout (default) or stderr log of a process on the node',
    'where it runs, as tail -f does, until Ctrl-C; when the process runs on another node later,',
    'says so and follows it there. --json: one {"namespec", "node", "text"} line per read.',
  ],
  args: ['namespec', 'text'],
  upcheck: true,
  run: runLogs,
};
