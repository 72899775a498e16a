/**
 * supervisorctl's process commands through our port: status, start, stop, restart, signal,
 * pid, clear (supervisor/supervisorctl.py 4.2: same texts and exit codes), plus `--json`.
 */
import type { SupvisorsClient } from '../../client/index.js';
import { namespecOf, splitNamespec } from '../../supervisor/namespec.js';
import { Faults } from '../../errors/faults.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { ExitStatus, processOutcome, selectStatus, statusExitCode, statusLines, StatusExitCodes, type ProcessResult, type ResultKind } from '../supervisorctl.js';
import { argumentError, faultOf, ResultReport, upcheck } from './supervisorctl-support.js';

type Supervisor = SupvisorsClient['supervisor'];

export const status: Command = {
  name: 'status',
  usage: 'status [<name>|<gname>:*|all ...]',
  help: ['status <name>\t\tGet status for a single process', 'status <gname>:*\tGet status for all processes in a group', 'status <name> <name>\tGet status for multiple named processes', 'status\t\t\tGet all process status info'],
  args: ['namespec'],
  upcheck: false,
  async run(context, args) {
    // as supervisorctl: a failed upcheck is the LSB status "unknown"
    if ((await upcheck(context)) !== undefined) return StatusExitCodes.UNKNOWN;
    const { infos, errors } = selectStatus(await context.client.supervisor.getAllProcessInfo(), args);
    const { out } = context;
    for (const line of [...errors, ...statusLines(infos, out.color)]) out.line(line);
    out.document({ processes: infos, errors });
    return statusExitCode(infos, errors);
  },
};

/**
 * How one command applies to processes: the `all` call, the group call, the single call, the
 * fault code that is no failure for it (starting a started process), and the exit code of an
 * unknown group.
 */
interface ProcessAction {
  readonly kind: ResultKind;
  all(supervisor: Supervisor): Promise<readonly ProcessResult[]>;
  group(supervisor: Supervisor, group: string): Promise<readonly ProcessResult[]>;
  one(supervisor: Supervisor, name: string): Promise<unknown>;
  readonly ignored?: number;
  readonly badGroupExit: ExitCode;
}

/** do_start / do_stop / do_signal / do_clear's loop over names, writing into `report` and `exit`. */
async function applyToNames(context: CommandContext, action: ProcessAction, names: readonly string[], report: ResultReport, exit: ExitStatus): Promise<void> {
  const { supervisor } = context.client;
  const outcomes = (results: readonly ProcessResult[]): void => {
    for (const result of results) {
      report.outcome(processOutcome(action.kind, result));
      exit.fromFault(result.status, action.ignored);
    }
  };
  if (names.includes('all')) {
    outcomes(await action.all(supervisor));
    return;
  }
  for (const name of names) {
    const { application: group, process } = splitNamespec(name);
    if (process === undefined && action.kind !== 'clear') {
      try {
        outcomes(await action.group(supervisor, group));
      } catch (error) {
        if (faultOf(error).faultCode !== Faults.BAD_NAME) throw error;
        report.error(`${group}: ERROR (no such group)`);
        exit.set(action.badGroupExit);
      }
      continue;
    }
    // supervisorctl names the process by its namespec; `clear g:*` (a single call) by what was typed
    const shown = process === undefined ? name : namespecOf(group, process);
    let result: ProcessResult;
    try {
      await action.one(supervisor, name);
      result = { group, name: process ?? '', status: Faults.SUCCESS, description: 'OK' };
    } catch (error) {
      const fault = faultOf(error);
      result = { group, name: process ?? '', status: fault.faultCode, description: fault.faultString };
    }
    report.outcome(processOutcome(action.kind, result, shown));
    exit.fromFault(result.status, action.ignored);
  }
}

const starting: ProcessAction = {
  kind: 'start',
  all: (supervisor) => supervisor.startAllProcesses(),
  group: (supervisor, group) => supervisor.startProcessGroup(group),
  one: (supervisor, name) => supervisor.startProcess(name),
  ignored: Faults.ALREADY_STARTED,
  badGroupExit: ExitCodes.INVALID_ARGS,
};

const stopping: ProcessAction = {
  kind: 'stop',
  // through our port, stopAllProcesses spares our runtime (docs/xmlrpc.md)
  all: (supervisor) => supervisor.stopAllProcesses(),
  group: (supervisor, group) => supervisor.stopProcessGroup(group),
  one: (supervisor, name) => supervisor.stopProcess(name),
  ignored: Faults.NOT_RUNNING,
  badGroupExit: ExitCodes.GENERIC,
};

const signalling = (signal: string): ProcessAction => ({
  kind: 'signal',
  all: (supervisor) => supervisor.signalAllProcesses(signal),
  group: (supervisor, group) => supervisor.signalProcessGroup(group, signal),
  one: (supervisor, name) => supervisor.signalProcess(name, signal),
  badGroupExit: ExitCodes.GENERIC,
});

const clearing: ProcessAction = {
  kind: 'clear',
  all: (supervisor) => supervisor.clearAllProcessLogs(),
  group: () => Promise.resolve([]), // clear has no group call: `g:*` goes to clearProcessLogs as typed
  one: (supervisor, name) => supervisor.clearProcessLogs(name),
  badGroupExit: ExitCodes.GENERIC,
};

/** A command applying one action to names: upcheck, argument check, the loop, one document. */
function processCommand(spec: Omit<Command, 'args' | 'upcheck' | 'run'>, action: ProcessAction, missing: string, missingExit: ExitCode): Command {
  const command: Command = {
    ...spec,
    args: ['namespec'],
    upcheck: false,
    async run(context, args) {
      const failed = await upcheck(context);
      if (failed !== undefined) return failed;
      if (args.length === 0) return argumentError(context.out, command, missing, missingExit);
      const report = new ResultReport(context.out);
      const exit = new ExitStatus();
      await applyToNames(context, action, args, report, exit);
      context.out.document(report.document());
      return exit.code;
    },
  };
  return command;
}

export const start = processCommand(
  {
    name: 'start',
    usage: 'start <name>|<gname>:*|all ...',
    help: ['start <name>\t\tStart a process', 'start <gname>:*\t\tStart all processes in a group', 'start <name> <name>\tStart multiple processes or groups', 'start all\t\tStart all processes'],
  },
  starting,
  'Error: start requires a process name',
  ExitCodes.INVALID_ARGS,
);

export const stop = processCommand(
  {
    name: 'stop',
    usage: 'stop <name>|<gname>:*|all ...',
    help: ['stop <name>\t\tStop a process', 'stop <gname>:*\t\tStop all processes in a group', 'stop <name> <name>\tStop multiple processes or groups', 'stop all\t\tStop all processes'],
  },
  stopping,
  'Error: stop requires a process name',
  ExitCodes.GENERIC,
);

export const clear = processCommand(
  {
    name: 'clear',
    usage: 'clear <name>|all ...',
    help: ["clear <name>\t\tClear a process' log files.", "clear <name> <name>\tClear multiple process' log files", "clear all\t\tClear all process' log files"],
  },
  clearing,
  'Error: clear requires a process name',
  ExitCodes.GENERIC,
);

export const restart: Command = {
  name: 'restart',
  usage: 'restart <name>|<gname>:*|all ...',
  help: [
    'restart <name>\t\tRestart a process',
    'restart <gname>:*\tRestart all processes in a group',
    'restart <name> <name>\tRestart multiple processes or groups',
    'restart all\t\tRestart all processes',
    'Note: restart does not reread config files. For that, see reread and update.',
  ],
  args: ['namespec'],
  upcheck: false,
  async run(context, args) {
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    if (args.length === 0) return argumentError(context.out, restart, 'Error: restart requires a process name', ExitCodes.GENERIC);
    // do_stop then do_start, one exit status for both (the last assignment wins)
    const exit = new ExitStatus();
    const stopped = new ResultReport(context.out);
    await applyToNames(context, stopping, args, stopped, exit);
    const started = new ResultReport(context.out);
    await applyToNames(context, starting, args, started, exit);
    context.out.document({ stop: stopped.document(), start: started.document() });
    return exit.code;
  },
};

export const signal: Command = {
  name: 'signal',
  usage: 'signal <signal> <name>|<gname>:*|all ...',
  help: [
    'signal <signal name> <name>\t\tSignal a process',
    'signal <signal name> <gname>:*\t\tSignal all processes in a group',
    'signal <signal name> <name> <name>\tSignal multiple processes or groups',
    'signal <signal name> all\t\tSignal all processes',
  ],
  args: ['text', 'namespec'],
  upcheck: false,
  async run(context, args) {
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    const [name, ...names] = args;
    if (name === undefined || names.length === 0) return argumentError(context.out, signal, 'Error: signal requires a signal name and a process name', ExitCodes.GENERIC);
    const report = new ResultReport(context.out);
    const exit = new ExitStatus();
    await applyToNames(context, signalling(name), names, report, exit);
    context.out.document(report.document());
    return exit.code;
  },
};

export const pid: Command = {
  name: 'pid',
  usage: 'pid [<name>...|all]',
  help: ['pid\t\t\tGet the PID of supervisord.', 'pid <name>\t\tGet the PID of a single child process by name.', 'pid all\t\t\tGet the PID of every child process, one per line.'],
  args: ['namespec'],
  upcheck: false,
  async run(context, args) {
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    const { client, out } = context;
    if (args.length === 0) {
      const supervisordPid = await client.supervisor.getPID();
      out.line(String(supervisordPid));
      out.document({ pid: supervisordPid });
      return ExitCodes.SUCCESS;
    }
    const exit = new ExitStatus();
    const processes: { name: string; pid: number }[] = [];
    const errors: string[] = [];
    const found = (name: string, processPid: number): void => {
      processes.push({ name, pid: processPid });
      out.line(String(processPid));
    };
    if (args.includes('all')) {
      for (const info of await client.supervisor.getAllProcessInfo()) found(namespecOf(info.group, info.name), info.pid);
    } else {
      for (const name of args) {
        try {
          const info = await client.supervisor.getProcessInfo(name);
          found(namespecOf(info.group, info.name), info.pid);
          if (info.pid === 0) exit.set(ExitCodes.NOT_RUNNING);
        } catch (error) {
          if (faultOf(error).faultCode !== Faults.BAD_NAME) throw error;
          exit.set(ExitCodes.GENERIC);
          errors.push(`No such process ${name}`);
          out.line(`No such process ${name}`);
        }
      }
    }
    out.document({ processes, errors });
    return exit.code;
  },
};
