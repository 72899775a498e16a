/**
 * supvisorsctl's process control commands (spec/cli.md §3.5): start_process, start_process_args,
 * start_any_process, start_any_process_args, start_args, all_start, all_start_args,
 * stop_process, restart_process, test_start_process, update_numprocs, lazy_update_numprocs,
 * enable, disable. Text as Python's supvisorsctl prints it; `--json`:
 * `{"results": [...], "errors": [...]}`. The jobs are waited for with their progress
 * (cli/progress.ts); Ctrl-C stops the wait, not the job.
 */
import type { Result } from '../../contract/index.js';
import { positiveInteger, startingStrategy, unknownStrategyText, wantsAll, type StrategyArgument } from '../arguments.js';
import type { Command, CommandContext } from '../command.js';
import type { ExitCode } from '../exit-codes.js';
import { instanceUrl } from '../instance-address.js';
import { namespecConcerns, type Concerns } from '../progress.js';
import { Report, usageError } from '../report.js';
import { supvisorsCommand as command, waitedStep } from '../supvisors-command.js';
import { testStartTable } from '../supvisors-tables.js';
import { pythonText } from '../table.js';
import { namespecOf } from '../../supervisor/namespec.js';

/** Supervisor process states whose process stop_process "all" stops: STARTING, RUNNING, BACKOFF. */
const STOPPABLE = new Set([10, 20, 30]);
/** Instance states all_start sends to: CHECKED, RUNNING. */
const REACHABLE = new Set([2, 3]);

/** The strategy of args[0] (after the count check, Python's order), or the argument error written (its exit code). */
function strategyArgument(context: CommandContext, self: Command, args: readonly string[], least: number, missing: string): StrategyArgument | ExitCode {
  const [first] = args;
  if (first === undefined || args.length < least) return usageError(context.out, self, missing);
  return startingStrategy(first) ?? usageError(context.out, self, unknownStrategyText(self.name));
}

/** Every namespec of the cluster (`filter` on the statuses), or the fault reported and none. */
async function allNamespecs(context: CommandContext, report: Report, filter: (statecode: number) => boolean = () => true): Promise<string[]> {
  try {
    const infos = await context.client.supvisors.get_all_process_info();
    return infos.filter((info) => filter(info.statecode)).map((info) => namespecOf(info.application_name, info.process_name));
  } catch (error) {
    report.fault(error);
    return [];
  }
}

interface Job {
  readonly label: string;
  readonly pending: string;
  readonly concerns?: Concerns;
  readonly call: () => Promise<boolean>;
  readonly entry: (value: boolean) => Record<string, unknown>;
  readonly line: (value: boolean) => string;
  readonly about: Record<string, unknown>;
  readonly prefix: string;
}

/** Jobs one after the other, each waited for; Ctrl-C stops the wait and the ones left. */
async function runJobs(context: CommandContext, report: Report, jobs: readonly Job[]): Promise<ExitCode> {
  for (const job of jobs) {
    const going = await waitedStep(context, report, {
      watch: { label: job.label, ...(job.concerns === undefined ? {} : { concerns: job.concerns }) },
      pending: job.pending,
      call: job.call,
      result: (value) => [job.entry(value), job.line(value)],
      about: job.about,
      prefix: job.prefix,
    });
    if (!going) break;
  }
  return report.end();
}

/** A job on a namespec: `<ns> <past>: True` / `<ns>: ERROR (...)`. */
function namespecJob(spec: string, ing: string, past: string, call: () => Promise<boolean>, extra: Record<string, unknown> = {}, printed = true): Job {
  return {
    label: `${ing} ${spec}`,
    pending: `${spec} is still ${ing}`,
    concerns: namespecConcerns(spec),
    call,
    entry: (value) => ({ namespec: spec, ...extra, [past]: value }),
    // stop_process prints no result, Python's
    line: (value) => (printed ? `${spec} ${past}: ${pythonText(value)}` : `${spec} ${past}`),
    about: { namespec: spec },
    prefix: `${spec}: `,
  };
}

const startProcess = command(
  'start_process',
  'start_process <strategy> [all | <proc>...]',
  ['start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.', 'start_process <strategy> <proc> <proc>\t\tStart multiple named processes with strategy.', 'start_process <strategy>\t\t\tStart all processes with strategy.'],
  ['strategy', 'namespec'],
  async (context, args, self) => {
    const strategy = strategyArgument(context, self, args, 1, 'ERROR: start_process requires at least a strategy');
    if (typeof strategy === 'number') return strategy;
    const report = new Report(context.out);
    const specs = wantsAll(args.slice(1)) ? await allNamespecs(context, report) : args.slice(1);
    const jobs = [...specs].sort().map((spec) => namespecJob(spec, 'starting', 'started', () => context.client.supvisors.start_process(strategy.value, spec)));
    return runJobs(context, report, jobs);
  },
);

const startProcessArgs = command(
  'start_process_args',
  'start_process_args <strategy> <proc> <arg>...',
  ['start_process_args <strategy> <proc> <arg_list>\tStart the process named proc with additional arguments arg_list.'],
  ['strategy', 'namespec', 'text'],
  async (context, args, self) => {
    const strategy = strategyArgument(context, self, args, 3, 'ERROR: start_process_args requires a strategy, a program namespec and extra arguments');
    if (typeof strategy === 'number') return strategy;
    const [, spec = '', ...words] = args;
    const extra = words.join(' ');
    const job = namespecJob(spec, 'starting', 'started', () => context.client.supvisors.start_process(strategy.value, spec, extra), { extra_args: extra });
    return runJobs(context, new Report(context.out), [job]);
  },
);

/** start_any_process(_args): `<namespec> started` / `"<regex>": ERROR (...)`. */
function anyJob(context: CommandContext, strategy: StrategyArgument, regex: string, extra: string | undefined): Job {
  let started = '';
  return {
    label: `starting a process matching "${regex}"`,
    pending: `a process matching "${regex}" is still starting`,
    call: async () => {
      started = await context.client.supvisors.start_any_process(strategy.value, regex, extra);
      return true;
    },
    entry: () => ({ regex, namespec: started, ...(extra === undefined ? {} : { extra_args: extra }) }),
    line: () => `${started} started`,
    about: { regex },
    prefix: `"${regex}": `,
  };
}

const startAnyProcess = command(
  'start_any_process',
  'start_any_process <strategy> <regex>...',
  [
    'start_any_process <strategy> <regex>\t\t\tStart a process whose namespec matches the regular expression and with a starting strategy.',
    'start_any_process <strategy> <regex> <regex>\t\tStart multiple processes whose namespec matches the regular expressions and with a starting strategy.',
  ],
  ['strategy', 'text'],
  async (context, args, self) => {
    const strategy = strategyArgument(context, self, args, 2, 'ERROR: start_any_process requires a strategy and at least a regular expression');
    if (typeof strategy === 'number') return strategy;
    const jobs = args
      .slice(1)
      .sort()
      .map((regex) => anyJob(context, strategy, regex, undefined));
    return runJobs(context, new Report(context.out), jobs);
  },
);

const startAnyProcessArgs = command(
  'start_any_process_args',
  'start_any_process_args <strategy> <regex> <arg>...',
  ['start_any_process_args <strategy> <regex> <arg_list>\tStart a process whose namespec matches the regular expression, using a starting strategy and additional arguments arg_list.'],
  ['strategy', 'text', 'text'],
  async (context, args, self) => {
    const strategy = strategyArgument(context, self, args, 3, 'ERROR: start_any_process_args requires a strategy, a regular expression and extra arguments');
    if (typeof strategy === 'number') return strategy;
    const [, regex = '', ...words] = args;
    return runJobs(context, new Report(context.out), [anyJob(context, strategy, regex, words.join(' '))]);
  },
);

const startArgs = command(
  'start_args',
  'start_args <proc> <arg>...',
  ['start_args <proc> <arg_list>\t\t\tStart the local process named proc with additional arguments arg_list.'],
  ['namespec', 'text'],
  async (context, args, self) => {
    const [spec, ...words] = args;
    if (spec === undefined || words.length === 0) return usageError(context.out, self, 'ERROR: start_args requires a process name and extra arguments');
    const extra = words.join(' ');
    const job = namespecJob(spec, 'starting', 'started', () => context.client.supvisors.start_args(spec, extra), { extra_args: extra });
    return runJobs(context, new Report(context.out), [job]);
  },
);

/**
 * all_start(_args): the same start, not waited for, on every CHECKED or RUNNING instance, each
 * reached at its own port (`node_name:port` of get_all_instances_info) with the same credentials.
 */
async function startEverywhere(context: CommandContext, spec: string, extra: string | undefined): Promise<ExitCode> {
  const { client, out } = context;
  const report = new Report(out);
  let instances: Result<'supvisors.get_all_instances_info'> = [];
  try {
    instances = (await client.supvisors.get_all_instances_info()).filter((info) => REACHABLE.has(info.statecode));
  } catch (error) {
    report.fault(error);
  }
  if (instances.length === 0) {
    // Python's: a line, the exit status left as it is
    report.failure({}, 'no running Supvisors instance', 'ERROR: no running Supvisors instance');
    return report.end();
  }
  for (const instance of instances) {
    const remote = context.connect(instanceUrl(instance, client.address));
    try {
      const result = extra === undefined ? await remote.supervisor.startProcess(spec, false) : await remote.supvisors.start_args(spec, extra, false);
      report.result({ namespec: spec, identifier: instance.identifier, started: result }, `${spec} started on ${instance.identifier}: ${pythonText(result)}`);
    } catch (error) {
      report.fault(error, { namespec: spec, identifier: instance.identifier }, `${spec}: `);
    } finally {
      remote.close();
    }
  }
  return report.end();
}

const allStart = command('all_start', 'all_start <proc>', ['all_start <proc>\t\t\tStart the process named proc on all RUNNING Supvisors instances.'], ['namespec'], async (context, args, self) => {
  const [spec] = args;
  if (spec === undefined) return usageError(context.out, self, 'ERROR: all_start requires a process name');
  return startEverywhere(context, spec, undefined);
});

const allStartArgs = command(
  'all_start_args',
  'all_start_args <proc> <arg>...',
  ['all_start_args <proc> <arg_list>\t\t\tStart the process named proc on all RUNNING Supvisors instances with additional arguments arg_list.'],
  ['namespec', 'text'],
  async (context, args, self) => {
    const [spec, ...words] = args;
    if (spec === undefined || words.length === 0) return usageError(context.out, self, 'ERROR: all_start_args requires a process name and extra arguments');
    return startEverywhere(context, spec, words.join(' '));
  },
);

const stopProcess = command(
  'stop_process',
  'stop_process [all | <proc>...]',
  ['stop_process <proc>\t\tStop the process named proc.', 'stop_process <proc> <proc>\tStop multiple named processes.', 'stop_process\t\t\tStop all named processes.'],
  ['namespec'],
  async (context, args) => {
    const report = new Report(context.out);
    const specs = wantsAll(args) ? await allNamespecs(context, report, (statecode) => STOPPABLE.has(statecode)) : args;
    const jobs = [...specs].sort().map((spec) => namespecJob(spec, 'stopping', 'stopped', () => context.client.supvisors.stop_process(spec), {}, false));
    return runJobs(context, report, jobs);
  },
);

const restartProcess = command(
  'restart_process',
  'restart_process <strategy> [all | <proc>...]',
  ['restart_process <strategy> <proc>\t\tRestart the process named proc using strategy.', 'restart_process <strategy> <proc> <proc>\tRestart multiple named processes using strategy.', 'restart_process <strategy> \t\t\tRestart all processes using strategy.'],
  ['strategy', 'namespec'],
  async (context, args, self) => {
    const strategy = strategyArgument(context, self, args, 1, 'ERROR: restart_process requires a strategy and a program name');
    if (typeof strategy === 'number') return strategy;
    const report = new Report(context.out);
    const specs = wantsAll(args.slice(1)) ? await allNamespecs(context, report) : args.slice(1);
    const jobs = [...specs].sort().map((spec) => namespecJob(spec, 'restarting', 'restarted', () => context.client.supvisors.restart_process(strategy.value, spec)));
    return runJobs(context, report, jobs);
  },
);

const testStartProcess = command(
  'test_start_process',
  'test_start_process <strategy> <proc>',
  ['test_start_process <strategy> <proc>\t\tTell where the process named proc would start with strategy.'],
  ['strategy', 'namespec'],
  async (context, args, self) => {
    const { client, out } = context;
    const [first, spec] = args;
    if (args.length !== 2 || first === undefined || spec === undefined) return usageError(out, self, 'ERROR: test_start_process requires a strategy and a process name');
    const strategy = startingStrategy(first);
    if (strategy === undefined) return usageError(out, self, unknownStrategyText('test_start_process'));
    const report = new Report(out);
    let processes: Result<'supvisors.test_start_process'> = [];
    try {
      processes = await client.supvisors.test_start_process(strategy.value, spec);
      const table = testStartTable(processes, out.color);
      out.table(table.columns, table.rows);
    } catch (error) {
      report.fault(error, { namespec: spec });
    }
    return report.end({ namespec: spec, strategy: strategy.name, processes });
  },
);

/** update_numprocs / lazy_update_numprocs. */
function numprocsCommand(lazy: boolean): Command {
  const name = lazy ? 'lazy_update_numprocs' : 'update_numprocs';
  const help = lazy
    ? `${name} program_name numprocs\t\tUpdate the program numprocs; when decreasing, the processes in excess are removed once they stop by themselves.`
    : `${name} program_name numprocs\t\t\t\tUpdate the program numprocs.`;
  return command(name, `${name} <program> <numprocs>`, [help], ['program', 'text'], async (context, args, self) => {
    const [program, count] = args;
    if (program === undefined || count === undefined) return usageError(context.out, self, `ERROR: ${name} requires a program name and a numprocs values`);
    const numprocs = positiveInteger(count);
    if (numprocs === undefined) return usageError(context.out, self, 'ERROR: numprocs must be a strictly positive integer');
    const job: Job = {
      label: `updating the processes of ${program}`,
      pending: `${program} is still being updated`,
      call: () => (lazy ? context.client.supvisors.update_numprocs(program, numprocs, true, true) : context.client.supvisors.update_numprocs(program, numprocs)),
      entry: (value) => ({ program, numprocs, lazy, updated: value }),
      line: (value) => `${program} numprocs updated: ${pythonText(value)}`,
      about: { program },
      prefix: '',
    };
    return runJobs(context, new Report(context.out), [job]);
  });
}

/** enable / disable. */
function enablingCommand(enable: boolean): Command {
  const name = enable ? 'enable' : 'disable';
  const past = enable ? 'enabled' : 'disabled';
  return command(name, `${name} <program>`, [`${name} program_name\t\t\t\t${enable ? 'Enable' : 'Disable'} the program.`], ['program'], async (context, args, self) => {
    const [program] = args;
    if (program === undefined) return usageError(context.out, self, `ERROR: ${name} requires a program name`);
    const job: Job = {
      label: `${enable ? 'enabling' : 'disabling'} ${program}`,
      pending: `${program} is still being ${past}`,
      call: () => (enable ? context.client.supvisors.enable(program) : context.client.supvisors.disable(program)),
      entry: (value) => ({ program, [past]: value }),
      line: (value) => `${program} ${past}: ${pythonText(value)}`,
      about: { program },
      prefix: '',
    };
    return runJobs(context, new Report(context.out), [job]);
  });
}

export const processCommands: Command[] = [
  startProcess,
  startProcessArgs,
  startAnyProcess,
  startAnyProcessArgs,
  startArgs,
  allStart,
  allStartArgs,
  stopProcess,
  restartProcess,
  testStartProcess,
  numprocsCommand(false),
  numprocsCommand(true),
  enablingCommand(true),
  enablingCommand(false),
];
