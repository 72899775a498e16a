/**
 * supvisorsctl's application control commands (spec/cli.md §3.4): start_application,
 * stop_application, restart_application, test_start_application. Text as Python's supvisorsctl
 * prints it; `--json`: `{"results": [...], "ignored": [...], "errors": [...]}`. The jobs are
 * waited for with their progress (cli/progress.ts); Ctrl-C stops the wait, not the job.
 */
import { SupvisorsFault } from '../../client/faults.js';
import { startingStrategy, unknownStrategyText, wantsAll, type StrategyArgument } from '../arguments.js';
import type { Command, CommandContext, Output } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { applicationConcerns } from '../progress.js';
import { Report, usageError } from '../report.js';
import { supvisorsCommand as command, waitedStep } from '../supvisors-command.js';
import { testStartTable } from '../supvisors-tables.js';
import { pythonText } from '../table.js';

type Verb = 'start' | 'stop' | 'restart';

const PAST: Readonly<Record<Verb, string>> = { start: 'started', stop: 'stopped', restart: 'restarted' };
const ING: Readonly<Record<Verb, string>> = { start: 'starting', stop: 'stopping', restart: 'restarting' };

/**
 * Python's matching: none or `all`: every managed application, sorted; else each one named in
 * order, an unmanaged one IGNORED (with the supervisorctl way to do it), an unknown one an error
 * of the arguments (exit 2, the others still done).
 */
function matching(out: Output, report: Report, ignored: string[], managed: ReadonlyMap<string, boolean>, names: readonly string[], verb: Verb): string[] {
  if (wantsAll(names)) return [...managed].filter(([, isManaged]) => isManaged).map(([name]) => name).sort();
  const matched: string[] = [];
  for (const name of names) {
    const isManaged = managed.get(name);
    if (isManaged === true) matched.push(name);
    else if (isManaged === false) {
      ignored.push(name);
      out.line(`${name}: IGNORED (unmanaged. use ${verb} ${name}:*)`);
    } else report.failure({ application: name }, 'no such application', `${name}: ERROR (no such application)`, ExitCodes.INVALID_ARGS);
  }
  return matched;
}

async function applicationJobs(context: CommandContext, verb: Verb, strategy: StrategyArgument | undefined, names: readonly string[]): Promise<ExitCode> {
  const { client } = context;
  const report = new Report(context.out);
  const ignored: string[] = [];
  let managed: Map<string, boolean>;
  try {
    managed = new Map((await client.supvisors.get_all_applications_info()).map((info) => [info.application_name, info.managed]));
  } catch (error) {
    report.fault(error);
    return report.end({ results: report.results, ignored });
  }
  for (const name of matching(context.out, report, ignored, managed, names, verb)) {
    const call = (): Promise<boolean> => {
      if (verb === 'stop') return client.supvisors.stop_application(name);
      const value = strategy?.value ?? 0;
      return verb === 'start' ? client.supvisors.start_application(value, name) : client.supvisors.restart_application(value, name);
    };
    const going = await waitedStep(context, report, {
      watch: { label: `${ING[verb]} ${name}`, concerns: applicationConcerns(name) },
      pending: `${name} is still ${ING[verb]}`,
      call,
      result: (value) => [{ application: name, [PAST[verb]]: value }, `${name} ${PAST[verb]}: ${pythonText(value)}`],
      about: { application: name },
      prefix: `${name}: `,
    });
    if (!going) break;
  }
  return report.end({ results: report.results, ignored });
}

/** start_application / restart_application: a strategy first. */
function withStrategy(verb: 'start' | 'restart', help: readonly string[]): Command {
  const name = `${verb}_application`;
  return command(name, `${name} <strategy> [all | <appli>...]`, help, ['strategy', 'application'], async (context, args, self) => {
    const [first, ...names] = args;
    if (first === undefined) return usageError(context.out, self, `ERROR: ${name} requires at least a strategy`);
    const strategy = startingStrategy(first);
    if (strategy === undefined) return usageError(context.out, self, unknownStrategyText(name));
    return applicationJobs(context, verb, strategy, names);
  });
}

const startApplication = withStrategy('start', [
  'start_application <strategy> <appli>\t\tStart the managed application named appli with strategy.',
  'start_application <strategy> <appli> <appli>\tStart multiple managed named applications with strategy',
  'start_application <strategy>\t\t\tStart all managed applications with strategy.',
]);

const restartApplication = withStrategy('restart', [
  'restart_application <strategy> <appli>\t\tRestart the managed application named appli with strategy.',
  'restart_application <strategy> <appli> <appli>\tRestart multiple managed named applications with strategy',
  'restart_application <strategy> \t\t\tRestart all managed applications with strategy.',
]);

const stopApplication = command(
  'stop_application',
  'stop_application [all | <appli>...]',
  ['stop_application <appli>\t\t\tStop the managed application named appli.', 'stop_application <appli> <appli>\t\tStop multiple managed named applications.', 'stop_application\t\t\t\tStop all managed applications.'],
  ['application'],
  (context, args) => applicationJobs(context, 'stop', undefined, args),
);

const testStartApplication = command(
  'test_start_application',
  'test_start_application <strategy> <appli>',
  ['test_start_application <strategy> <appli>\tTell where the processes of the managed application named appli would start with strategy.'],
  ['strategy', 'application'],
  async (context, args, self) => {
    const { client, out } = context;
    const [first, name] = args;
    if (args.length !== 2 || first === undefined || name === undefined) return usageError(out, self, 'ERROR: test_start_application requires a strategy and an application name');
    const strategy = startingStrategy(first);
    if (strategy === undefined) return usageError(out, self, unknownStrategyText('test_start_application'));
    let managed: boolean;
    try {
      managed = (await client.supvisors.get_application_info(name)).managed;
    } catch (error) {
      // any fault of the check is the argument's, as Python's
      if (!(error instanceof SupvisorsFault)) throw error;
      return usageError(out, self, `ERROR: unknown application "${name}"`);
    }
    if (!managed) {
      // Python prints the error and the help but leaves the exit status alone
      usageError(out, self, `ERROR: unmanaged application "${name}"`);
      return ExitCodes.SUCCESS;
    }
    const report = new Report(out);
    let processes: Awaited<ReturnType<typeof client.supvisors.test_start_application>> = [];
    try {
      processes = await client.supvisors.test_start_application(strategy.value, name);
      const table = testStartTable(processes, out.color);
      out.table(table.columns, table.rows);
    } catch (error) {
      report.fault(error, { application: name });
    }
    return report.end({ application: name, strategy: strategy.name, processes });
  },
);

export const applicationCommands: Command[] = [startApplication, stopApplication, restartApplication, testStartApplication];
