/**
 * supvisorsctl's Supvisors status commands (spec/cli.md §3.1): sversion, sstate, master,
 * strategies, all_strategies (ours), stats_status, instance_status, application_info, application_rules, sstatus,
 * local_status, process_rules, conflicts. Text as Python's supvisorsctl prints it; `--json`: one
 * document `{<what>: ..., "errors": [...]}` with the server's structs (docs in the CLI manual).
 */
import type { Result } from '../../contract/index.js';
import { wantsAll } from '../arguments.js';
import type { Command, CommandContext } from '../command.js';
import { Report } from '../report.js';
import {
  applicationRulesTable,
  applicationsTable,
  conflictsTable,
  instancesTable,
  localProcessesTable,
  matchLocalProcesses,
  namedInstances,
  processesTable,
  processRulesTable,
  stateModesTable,
  type Table,
} from '../supvisors-tables.js';
import { supvisorsCommand as command } from '../supvisors-command.js';
import { pythonText } from '../table.js';
import { namespecOf } from '../../supervisor/namespec.js';


function print(context: CommandContext, table: Table): void {
  context.out.table(table.columns, table.rows);
}

/** One read call: its value, or its fault reported (`ERROR (...)`) and undefined. */
async function read<T>(report: Report, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    report.fault(error);
    return undefined;
  }
}

const sversion = command('sversion', 'sversion', ['sversion\t\t\t\tGet the API version of Supvisors.'], [], async ({ client, out }) => {
  const report = new Report(out);
  const version = await read(report, () => client.supvisors.get_api_version());
  if (version !== undefined) out.line(version);
  return report.end({ version: version ?? null });
});

const sstate = command(
  'sstate',
  'sstate [all | <identifier>...]',
  ['sstate\t\t\t\t\tGet the Supvisors state of the local instance.', 'sstate <identifier> <identifier>\t\tGet the Supvisors state of the instances named.', 'sstate all\t\t\t\tGet the Supvisors state of all instances.'],
  ['instance'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    if (args.length === 0) {
      const state = await read(report, () => client.supvisors.get_supvisors_state());
      if (state !== undefined) print(context, stateModesTable([state], out.color));
      return report.end({ state: state ?? null });
    }
    const all = await read(report, () => client.supvisors.get_all_instances_state_modes());
    const instances = namedInstances(all ?? [], args, args.includes('all'));
    if (all !== undefined) print(context, stateModesTable(instances, out.color));
    return report.end({ instances });
  },
);

const master = command('master', 'master', ['master\t\t\t\t\tGet the Master Supvisors instance.'], [], async ({ client, out }) => {
  const report = new Report(out);
  const found = await read(report, () => client.supvisors.get_master_identifier());
  const known = found?.identifier === undefined ? null : { identifier: found.identifier, nick_identifier: found.nick_identifier ?? '' };
  if (found !== undefined && known === null) out.line('No Supvisors Master');
  if (known !== null) {
    out.line(`Nick identifier: ${known.nick_identifier}`);
    out.line(`Identifier:      ${known.identifier}`);
  }
  return report.end({ master: known });
});

const strategies = command('strategies', 'strategies', ['strategies\t\t\t\tGet the Supvisors strategies.'], [], async ({ client, out }) => {
  const report = new Report(out);
  const found = await read(report, () => client.supvisors.get_strategies());
  if (found !== undefined) {
    out.line(`Auto-fencing: ${pythonText(found['auto-fencing'])}`);
    out.line(`Failure:      ${found.supvisors_failure}`);
    out.line(`Conciliation: ${found.conciliation}`);
    out.line(`Starting:     ${found.starting}`);
  }
  return report.end({ strategies: found ?? null });
});

/** Ours: every strategy the node knows, built-in or a plugin's (docs/extending.md). */
const allStrategies = command('all_strategies', 'all_strategies', ['all_strategies\t\t\tGet every strategy of the node, built-in or brought by a plugin (not in Python).'], [], async ({ client, out }) => {
  const report = new Report(out);
  const found = await read(report, () => client.supvisors.get_all_strategies());
  if (found !== undefined) out.table([{ title: 'Name', width: 'var' }, { title: 'Kind', width: 'var' }, { title: 'Origin', width: 'var' }], found.map((strategy) => [strategy.name, strategy.kind, strategy.origin]));
  return report.end({ strategies: found ?? [] });
});

const statsStatus = command('stats_status', 'stats_status', ['stats_status\t\t\t\tGet the statistics collection status of the local instance.'], [], async ({ client, out }) => {
  const report = new Report(out);
  const found = await read(report, () => client.supvisors.get_statistics_status());
  if (found !== undefined) {
    out.line(`Collecting Host statistics:    ${pythonText(found.host_stats)}`);
    out.line(`Collecting Process statistics: ${pythonText(found.process_stats)}`);
    out.line(`Collecting statistics period:  ${pythonText(found.collecting_period)}`);
  }
  return report.end({ statistics: found ?? null });
});

const instanceStatus = command(
  'instance_status',
  'instance_status [all | <identifier>...]',
  [
    'instance_status <identifier>\t\t\tGet the status of the Supvisors instance.',
    'instance_status <identifier> <identifier>\t\tGet the status for multiple Supvisors instances',
    'instance_status\t\t\t\tGet the status of all Supvisors instances.',
  ],
  ['instance'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const all = await read(report, () => client.supvisors.get_all_instances_info());
    const instances = namedInstances(all ?? [], args, wantsAll(args));
    if (all !== undefined) print(context, instancesTable(instances, out.color));
    return report.end({ instances });
  },
);

const applicationInfo = command(
  'application_info',
  'application_info [all | <appli>...]',
  ['application_info <appli>\t\tGet the status of application named appli.', 'application_info <appli> <appli>\tGet the status for multiple named application', 'application_info\t\t\tGet the status of all applications.'],
  ['application'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const all = await read(report, () => client.supvisors.get_all_applications_info());
    const applications = (all ?? []).filter((info) => wantsAll(args) || args.includes(info.application_name));
    if (all !== undefined) print(context, applicationsTable(applications, out.color));
    return report.end({ applications });
  },
);

const applicationRules = command(
  'application_rules',
  'application_rules [all | <appli>...]',
  [
    'application_rules <appli>\t\t\tGet the rules of the application named appli.',
    'application_rules <appli> <appli>\t\tGet the rules for multiple named applications',
    'application_rules\t\t\t\tGet the rules of all applications.',
  ],
  ['application'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const names = wantsAll(args) ? ((await read(report, () => client.supvisors.get_all_applications_info())) ?? []).map((info) => info.application_name) : args;
    const rules: Result<'supvisors.get_application_rules'>[] = [];
    for (const name of names) {
      try {
        rules.push(await client.supvisors.get_application_rules(name));
      } catch (error) {
        report.fault(error, { application: name }, `${name}: `);
      }
    }
    print(context, applicationRulesTable(rules));
    return report.end({ rules });
  },
);

const sstatus = command(
  'sstatus',
  'sstatus [all | <proc>... | <appli>:*...]',
  [
    'sstatus <proc>\t\t\t\tGet the status of the process named proc.',
    'sstatus <appli>:*\t\t\tGet the process status of application named appli.',
    'sstatus <proc> <proc>\t\t\tGet the status for multiple named processes',
    'sstatus\t\t\t\t\tGet the status of all processes.',
  ],
  ['namespec'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const processes: Result<'supvisors.get_all_process_info'> = [];
    if (wantsAll(args)) {
      processes.push(...((await read(report, () => client.supvisors.get_all_process_info())) ?? []));
    } else {
      for (const arg of args) {
        try {
          processes.push(...(await client.supvisors.get_process_info(arg)));
        } catch (error) {
          report.fault(error, { namespec: arg }, `${arg}: `);
        }
      }
    }
    print(context, processesTable(processes, out.color));
    return report.end({ processes });
  },
);

const localStatus = command(
  'local_status',
  'local_status [all | <proc>... | <appli>:*...]',
  [
    'local_status <proc>\t\t\tGet the local status of the process named proc.',
    'local_status <appli>:*\t\t\tGet the local status of all processes in the application named appli.',
    'local_status <proc> <proc>\t\tGet the local status for multiple named processes',
    'local_status\t\t\t\tGet the local status of all processes.',
  ],
  ['namespec'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const all = (await read(report, () => client.supvisors.get_all_local_process_info())) ?? [];
    const processes = wantsAll(args) ? all : matchLocalProcesses(all, args);
    print(context, localProcessesTable(processes, out.color));
    return report.end({ processes });
  },
);

const processRules = command(
  'process_rules',
  'process_rules [all | <proc>... | <appli>:*...]',
  [
    'process_rules <proc>\t\t\tGet the rules of the process named proc.',
    'process_rules <appli>:*\t\t\tGet the rules of all processes in the application named appli.',
    'process_rules <proc> <proc>\t\tGet the rules for multiple named processes',
    'process_rules\t\t\t\tGet the rules of all processes.',
  ],
  ['namespec'],
  async (context, args) => {
    const { client, out } = context;
    const report = new Report(out);
    const namespecs = wantsAll(args)
      ? ((await read(report, () => client.supvisors.get_all_process_info())) ?? []).map((info) => namespecOf(info.application_name, info.process_name))
      : [...args];
    const rules: Result<'supvisors.get_process_rules'> = [];
    for (const spec of namespecs.sort()) {
      try {
        rules.push(...(await client.supvisors.get_process_rules(spec)));
      } catch (error) {
        report.fault(error, { namespec: spec }, `${spec}: `);
      }
    }
    print(context, processRulesTable(rules));
    return report.end({ rules });
  },
);

const conflicts = command('conflicts', 'conflicts', ['conflicts\t\t\t\tGet the Supvisors conflicts.'], [], async (context) => {
  const { client, out } = context;
  const report = new Report(out);
  const found = await read(report, () => client.supvisors.get_conflicts());
  // nothing at all when there is no conflict, not even the titles (Python's)
  if (found !== undefined && found.length > 0) print(context, conflictsTable(found, out.color));
  return report.end({ conflicts: found ?? [] });
});

export const statusCommands: Command[] = [sversion, sstate, master, strategies, allStrategies, statsStatus, instanceStatus, applicationInfo, applicationRules, sstatus, localStatus, processRules, conflicts];
