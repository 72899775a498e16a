/**
 * supervisorctl's configuration and daemon commands through our port: avail, reread, update,
 * add, remove, version, shutdown, reload (supervisor/supervisorctl.py 4.2), plus `--json`.
 * As supervisorctl, only `version` runs the upcheck; shutdown and reload ask no confirmation
 * (supervisorctl asks only in its interactive shell).
 */
import { ClientConnectionError } from '../../client/index.js';
import { Faults } from '../../errors/faults.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { availLine, changeLines, ExitStatus } from '../supervisorctl.js';
import { argumentError, faultOf, problem, ResultReport, upcheck } from './supervisorctl-support.js';

/** The commands that take no argument: supervisorctl's `Error: <name> accepts no arguments` + help, exit 1. */
function noArguments(command: Command, context: CommandContext, args: readonly string[]): ExitCode | undefined {
  return args.length > 0 ? argumentError(context.out, command, `Error: ${command.name} accepts no arguments`, ExitCodes.GENERIC) : undefined;
}

/** Per expected fault code: the line printed (from the faultString) and the exit code. */
type FaultLine = (faultString: string) => readonly [string, ExitCode];

/** A single call whose expected faults print a line (and set the exit code); others are rethrown. */
async function guarded<T>(context: CommandContext, call: () => Promise<T>, lines: ReadonlyMap<number, FaultLine>): Promise<{ value: T } | { code: ExitCode }> {
  try {
    return { value: await call() };
  } catch (error) {
    const fault = faultOf(error);
    const handled = lines.get(fault.faultCode);
    if (handled === undefined) throw error;
    const [line, code] = handled(fault.faultString);
    problem(context.out, line);
    return { code };
  }
}

const shuttingDown = (line: string, code: ExitCode = ExitCodes.GENERIC): ReadonlyMap<number, FaultLine> => new Map<number, FaultLine>([[Faults.SHUTDOWN_STATE, () => [line, code]]]);

export const avail: Command = {
  name: 'avail',
  usage: 'avail',
  help: ['avail\t\t\tDisplay all configured processes'],
  args: [],
  upcheck: false,
  async run(context, args) {
    const wrong = noArguments(avail, context, args);
    if (wrong !== undefined) return wrong;
    const answer = await guarded(context, () => context.client.supervisor.getAllConfigInfo(), shuttingDown('ERROR: supervisor shutting down'));
    if ('code' in answer) return answer.code;
    for (const info of answer.value) context.out.line(availLine(info));
    context.out.document({ processes: answer.value });
    return ExitCodes.SUCCESS;
  },
};

/** reloadConfig's fault lines for reread and update (supervisorctl rethrows CANT_REREAD in update: printed here too). */
const rereadFaults = (shutdownLine: string): ReadonlyMap<number, FaultLine> =>
  new Map<number, FaultLine>([
    [Faults.SHUTDOWN_STATE, () => [shutdownLine, ExitCodes.GENERIC]],
    [Faults.CANT_REREAD, (faultString) => [`ERROR: ${faultString}`, ExitCodes.GENERIC]],
  ]);

export const reread: Command = {
  name: 'reread',
  usage: 'reread',
  help: ["reread \t\t\tReload the daemon's configuration files without add/remove"],
  args: [],
  upcheck: false,
  async run(context, args) {
    const wrong = noArguments(reread, context, args);
    if (wrong !== undefined) return wrong;
    const answer = await guarded(context, () => context.client.supervisor.reloadConfig(), rereadFaults('ERROR: supervisor shutting down'));
    if ('code' in answer) return answer.code;
    const [[added, changed, removed]] = answer.value;
    for (const line of changeLines([added, changed, removed])) context.out.line(line);
    context.out.document({ added, changed, removed });
    return ExitCodes.SUCCESS;
  },
};

export const update: Command = {
  name: 'update',
  usage: 'update [<gname>...|all]',
  help: [
    'update\t\t\tReload config and add/remove as necessary, and will restart affected programs',
    'update all\t\tReload config and add/remove as necessary, and will restart affected programs',
    'update <gname> [...]\tUpdate specific groups',
  ],
  args: ['application'],
  upcheck: false,
  async run(context, args) {
    const { supervisor } = context.client;
    const answer = await guarded(context, () => supervisor.reloadConfig(), rereadFaults('ERROR: already shutting down'));
    if ('code' in answer) return answer.code;
    const [[added, changed, removed]] = answer.value;
    const exit = new ExitStatus();
    const report = new ResultReport(context.out);
    const done = (name: string, status: string, message: string): void => report.outcome({ line: `${name}: ${message}`, entry: { name, status } });
    // `all` is the same as no name; named groups must exist or be new
    const wanted = new Set(args.includes('all') ? [] : args);
    if (wanted.size > 0) {
      const groups = new Set([...(await supervisor.getAllProcessInfo()).map((info) => info.group), ...added]);
      for (const name of wanted) {
        if (groups.has(name)) continue;
        report.error(`ERROR: no such group: ${name}`);
        exit.set(ExitCodes.GENERIC);
      }
    }
    const selected = (names: readonly string[]): string[] => names.filter((name) => wanted.size === 0 || wanted.has(name));
    for (const name of selected(removed)) {
      const results = await supervisor.stopProcessGroup(name);
      done(name, 'stopped', 'stopped');
      if (results.some((result) => result.status === Faults.FAILED)) {
        report.error(`${name}: has problems; not removing`);
        exit.set(ExitCodes.GENERIC);
        continue;
      }
      await supervisor.removeProcessGroup(name);
      done(name, 'removed', 'removed process group');
    }
    for (const name of selected(changed)) {
      await supervisor.stopProcessGroup(name);
      done(name, 'stopped', 'stopped');
      await supervisor.removeProcessGroup(name);
      await supervisor.addProcessGroup(name);
      done(name, 'updated', 'updated process group');
    }
    for (const name of selected(added)) {
      await supervisor.addProcessGroup(name);
      done(name, 'added', 'added process group');
    }
    context.out.document(report.document());
    return exit.code;
  },
};

/** What supervisorctl says of a fault of add / remove, and whether it makes the exit code 1. */
type GroupFaults = ReadonlyMap<number, { readonly text: (name: string) => string; readonly failure: boolean }>;

const noSuchGroup = { text: (name: string): string => `ERROR: no such process/group: ${name}`, failure: true };

/** add / remove: the call on each group named, supervisorctl's line for each result or fault. */
async function onEachGroup(context: CommandContext, names: readonly string[], call: (name: string) => Promise<unknown>, status: string, faults: GroupFaults): Promise<ExitCode> {
  const report = new ResultReport(context.out);
  const exit = new ExitStatus();
  for (const name of names) {
    try {
      await call(name);
      report.outcome({ line: `${name}: ${status} process group`, entry: { name, status } });
    } catch (error) {
      const known = faults.get(faultOf(error).faultCode);
      if (known === undefined) throw error;
      report.error(known.text(name));
      if (known.failure) exit.set(ExitCodes.GENERIC);
    }
  }
  context.out.document(report.document());
  return exit.code;
}

export const add: Command = {
  name: 'add',
  usage: 'add <gname> ...',
  help: ['add <name> [...]\tActivates any updates in config for process/group'],
  args: ['application'],
  upcheck: false,
  run: (context, args) =>
    onEachGroup(
      context,
      args,
      (name) => context.client.supervisor.addProcessGroup(name),
      'added',
      new Map([
        [Faults.SHUTDOWN_STATE, { text: () => 'ERROR: shutting down', failure: true }],
        // an active group is no failure for supervisorctl: the exit code is left as it is
        [Faults.ALREADY_ADDED, { text: () => 'ERROR: process group already active', failure: false }],
        [Faults.BAD_NAME, noSuchGroup],
      ]),
    ),
};

export const remove: Command = {
  name: 'remove',
  usage: 'remove <gname> ...',
  help: ['remove <name> [...]\tRemoves process/group from active config'],
  args: ['application'],
  upcheck: false,
  run: (context, args) =>
    onEachGroup(
      context,
      args,
      (name) => context.client.supervisor.removeProcessGroup(name),
      'removed',
      new Map([
        [Faults.STILL_RUNNING, { text: (name: string) => `ERROR: process/group still running: ${name}`, failure: true }],
        [Faults.BAD_NAME, noSuchGroup],
      ]),
    ),
};

export const version: Command = {
  name: 'version',
  usage: 'version',
  help: ['version\t\t\tShow the version of the remote supervisord process'],
  args: [],
  upcheck: false,
  async run(context, args) {
    const wrong = noArguments(version, context, args);
    if (wrong !== undefined) return wrong;
    const failed = await upcheck(context);
    if (failed !== undefined) return failed;
    const supervisorVersion = await context.client.supervisor.getSupervisorVersion();
    context.out.line(supervisorVersion);
    context.out.document({ version: supervisorVersion });
    return ExitCodes.SUCCESS;
  },
};

export const shutdown: Command = {
  name: 'shutdown',
  usage: 'shutdown',
  help: ['shutdown \tShut the remote supervisord down.'],
  args: [],
  upcheck: false,
  async run(context, args) {
    const wrong = noArguments(shutdown, context, args);
    if (wrong !== undefined) return wrong;
    try {
      // supervisorctl: shutting down already is no failure (exit 0)
      const answer = await guarded(context, () => context.client.supervisor.shutdown(), shuttingDown('ERROR: already shutting down', ExitCodes.SUCCESS));
      if ('code' in answer) return answer.code;
    } catch (error) {
      if (!(error instanceof ClientConnectionError)) throw error;
      problem(context.out, `ERROR: ${context.client.address} refused connection (already shut down?)`);
      return ExitCodes.GENERIC;
    }
    context.out.line('Shut down');
    context.out.document({ shutdown: true });
    return ExitCodes.SUCCESS;
  },
};

export const reload: Command = {
  name: 'reload',
  usage: 'reload',
  help: ['reload \t\tRestart the remote supervisord.'],
  args: [],
  upcheck: false,
  async run(context, args) {
    const wrong = noArguments(reload, context, args);
    if (wrong !== undefined) return wrong;
    const answer = await guarded(context, () => context.client.supervisor.restart(), shuttingDown('ERROR: already shutting down'));
    if ('code' in answer) return answer.code;
    context.out.line('Restarted supervisord');
    context.out.document({ restarted: true });
    return ExitCodes.SUCCESS;
  },
};
