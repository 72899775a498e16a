/**
 * supvisorsctl's Supvisors control and statistics control commands (spec/cli.md §3.2, §3.3):
 * loglevel, conciliate, restart_sequence, sreload, sshutdown, end_sync, enable_stats,
 * disable_stats, stats_period. Text as Python's supvisorsctl prints it; `--json`:
 * `{"results": [...], "errors": [...]}`; the calls that wait show their progress (cli/progress.ts).
 */
import { conciliationStrategy, decimalNumber, logLevelValue, statisticsKinds, unknownStrategyText } from '../arguments.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { Report, usageError } from '../report.js';
import { supvisorsCommand as command, waitedStep } from '../supvisors-command.js';
import { pythonText } from '../table.js';


/** A call of no argument whose boolean is printed as `<label>: True`; `key` names it in JSON. */
async function simple(context: CommandContext, key: string, label: string, call: () => Promise<boolean>): Promise<ExitCode> {
  const report = new Report(context.out);
  try {
    const result = await call();
    report.result({ [key]: result }, `${label}: ${pythonText(result)}`);
  } catch (error) {
    report.fault(error);
  }
  return report.end();
}

/** A call waiting for a job, with progress; Ctrl-C leaves it to the server. */
async function waited(context: CommandContext, key: string, label: string, watch: { label: string; pending: string }, call: () => Promise<boolean>): Promise<ExitCode> {
  const report = new Report(context.out);
  await waitedStep(context, report, { watch: { label: watch.label }, pending: watch.pending, call, result: (value) => [{ [key]: value }, `${label}: ${pythonText(value)}`] });
  return report.end();
}

const loglevel = command(
  'loglevel',
  'loglevel <level>',
  ["loglevel lvl\t\t\t\tChange the level of local Supvisors' logger to lvl.", '\t\t\t\t\tApplicable values are: critical, error, warn, info, debug, trace, blather.'],
  ['loglevel'],
  async (context, args, self) => {
    const [level] = args;
    if (level === undefined) return usageError(context.out, self, 'ERROR: loglevel requires a level');
    const value = logLevelValue(level);
    if (value === undefined) return usageError(context.out, self, 'ERROR: unknown level for Logger');
    const report = new Report(context.out);
    try {
      const result = await context.client.supvisors.change_log_level(value);
      report.result({ level, changed: result }, `Logger level changed: ${pythonText(result)}`);
    } catch (error) {
      report.fault(error);
    }
    return report.end();
  },
);

const conciliate = command('conciliate', 'conciliate <strategy>', ['conciliate <strategy>\t\t\t\tConciliate process conflicts using strategy'], ['conciliation'], async (context, args, self) => {
  const [name] = args;
  if (name === undefined) return usageError(context.out, self, 'ERROR: conciliate requires a strategy');
  const strategy = conciliationStrategy(name);
  if (strategy === undefined) return usageError(context.out, self, unknownStrategyText('conciliate', true));
  const report = new Report(context.out);
  try {
    const result = await context.client.supvisors.conciliate(strategy.value);
    report.result({ strategy: strategy.name, conciliated: result }, `Conciliated: ${pythonText(result)}`);
  } catch (error) {
    report.fault(error);
  }
  return report.end();
});

const restartSequence = command('restart_sequence', 'restart_sequence', ['restart_sequence\t\t\t\tTrigger the whole start sequence'], [], (context) =>
  waited(context, 'completed', 'Start sequence completed', { label: 'running the start sequence', pending: 'the start sequence is still running' }, () =>
    context.client.supvisors.restart_sequence(),
  ),
);

// The server answers once the restart / shutdown has begun; the progress shows while the call waits.
const sreload = command('sreload', 'sreload', ['sreload\t\t\t\t\tRestart Supvisors on all instances'], [], (context) =>
  waited(context, 'restarted', 'Restarted', { label: 'restarting Supvisors', pending: 'the restart is still going on' }, () => context.client.supvisors.restart()),
);

const sshutdown = command('sshutdown', 'sshutdown', ['sshutdown\t\t\t\tShutdown Supvisors on all instances'], [], (context) =>
  waited(context, 'shut_down', 'Shut down', { label: 'shutting Supvisors down', pending: 'the shutdown is still going on' }, () => context.client.supvisors.shutdown()),
);

const endSync = command(
  'end_sync',
  'end_sync [<identifier>]',
  ['end_sync\t\t\t\tEnd the Supvisors synchronization phase', 'end_sync master_identifier\t\tEnd the Supvisors synchronization phase and select this identifier as Supvisors Master instance '],
  ['instance'],
  async (context, args, self) => {
    if (args.length > 1) return usageError(context.out, self, 'ERROR: end_sync optionally takes one single Supvisors identifier');
    const master = args[0] ?? '';
    return simple(context, 'requested', 'End of Synchronization phase requested', () => context.client.supvisors.end_sync(master));
  },
);

/** enable_stats / disable_stats: host then process, as named (none: both). */
function statsCommand(enable: boolean): Command {
  const name = enable ? 'enable_stats' : 'disable_stats';
  const verb = enable ? 'enabled' : 'disabled';
  const help = `${enable ? 'Enable' : 'Disable'} the host and / or process statistics collection of the local instance (none or all: both).`;
  return command(name, `${name} [host] [process] [all]`, [`${name} [host] [process]\t\t${help}`], ['text'], async (context, args, self) => {
    const kinds = statisticsKinds(args);
    if (kinds === undefined) return usageError(context.out, self, `ERROR: ${name} takes host, process or all`);
    const report = new Report(context.out);
    const { supvisors } = context.client;
    const steps = [
      { kind: 'host', wanted: kinds.host, call: () => supvisors.enable_host_statistics(enable) },
      { kind: 'process', wanted: kinds.process, call: () => supvisors.enable_process_statistics(enable) },
    ];
    for (const { kind, call } of steps.filter((step) => step.wanted)) {
      try {
        const result = await call();
        report.result({ statistics: kind, [verb]: result }, `${kind === 'host' ? 'Host' : 'Process'} statistics ${verb}: ${pythonText(result)}`);
      } catch (error) {
        report.fault(error, { statistics: kind });
      }
    }
    return report.end();
  });
}

const statsPeriod = command(
  'stats_period',
  'stats_period <period>',
  ['stats_period <period>\t\t\tSet the statistics collecting period (seconds) of the local instance.'],
  ['text'],
  async (context, args, self) => {
    const [text] = args;
    if (text === undefined) return usageError(context.out, self, 'ERROR: stats_period requires a period');
    const period = decimalNumber(text);
    if (period === undefined) return usageError(context.out, self, `ERROR: invalid period "${text}"`);
    // Python's client asserts > 0 after the number check: its generic error, exit 1, nothing sent
    if (period <= 0) {
      context.out.error(`error: the statistics period must be strictly positive (${text})`);
      return ExitCodes.GENERIC;
    }
    const report = new Report(context.out);
    try {
      const result = await context.client.supvisors.update_collecting_period(period);
      report.result({ period, updated: result }, `Statistics period updated: ${pythonText(result)}`);
    } catch (error) {
      report.fault(error);
    }
    return report.end();
  },
);

export const controlCommands: Command[] = [loglevel, conciliate, restartSequence, sreload, sshutdown, endSync, statsCommand(true), statsCommand(false), statsPeriod];
