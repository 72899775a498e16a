/**
 * The application and process status methods of `supvisors.*` (spec/xmlrpc.md §7.1):
 * get_all_applications_info, get_application_info, get_application_rules, get_all_process_info,
 * get_process_info, get_process_rules, get_all_inner_process_info, get_inner_process_info and
 * get_conflicts, answered from the cluster model (the context actor's) joined with the rules.
 *
 * - Namespecs as Supervisor splits them: `name` is group `name` process `name`; `group:*` and
 *   `group:` are every process of the group.
 * - Faults in the spec's order: `BAD_NAME: identifier=<x> is unknown to Supvisors` (inner
 *   methods), `BAD_NAME: application=<a> unknown to Supvisors`, `BAD_NAME: process=<p> unknown in
 *   application=<a>`, then for get_inner_process_info `FAILED: <namespec> unknown on <identifier>`
 *   (both as given) when a resolved instance has no record of the process.
 * - The state guards (FROM_DISTRIBUTION, ANY for the inner ones) are not applied here: the
 *   caller wraps these methods with guardMethods (api/supvisors/cluster-methods.ts).
 */
import type { ClusterSnapshot } from '../../actors/state-machine/view.js';
import { findInstance, resolveNames } from '../../cluster/instances.js';
import { rpcFault } from '../../errors/errors.js';
import { applicationView, applicationViews, type ApplicationView } from '../../model/applications.js';
import { processesOf, type ClusterModel, type ProcessRecord } from '../../model/cluster-model.js';
import { conflicts } from '../../model/process-state.js';
import { splitNamespec } from '../../supervisor/namespec.js';
import { resolveApplicationHash } from '../../rules/resolve.js';
import type { RuleSet } from '../../rules/types.js';
import { type Clock, monotonicSeconds } from '../../clock/clock.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import type { XmlRpcStruct, XmlRpcValue } from '../../xmlrpc/values.js';
import {
  applicationInfoPayload,
  applicationRulesPayload,
  innerProcessInfoPayload,
  processInfoPayload,
  processRulesPayload,
  type Built,
} from '../../payloads/application-payloads.js';
import { doublesStruct } from '../../xmlrpc/plain-data.js';

export interface ApplicationMethodsDeps {
  /** The instances (identifiers, nicks, stereotypes) and the heartbeats giving the peers' clocks. */
  readonly view: ClusterSnapshot;
  /** The current cluster model (asked to the context actor). */
  readonly getModel: () => Promise<ClusterModel>;
  /** The rules in force. */
  readonly rules: () => RuleSet;
  /** The `starting_strategy` option: the starting strategy of unmanaged applications. */
  readonly startingStrategy: string;
  /** Monotonic seconds (CLOCK_MONOTONIC), the clock of the model's times. */
  readonly monotonic?: () => number;
  /** Epoch seconds. */
  readonly epoch?: () => number;
}

/** A payload built with its double keys (payloads/), as an XML-RPC struct. */
const builtStruct = <T extends object>(built: Built<T>): XmlRpcStruct => doublesStruct(built.payload, built.doubles);

/** Parameters arrive checked (api/xmlrpc/method.ts): a string parameter is a string. */
const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');


/** The records a namespec designates, or the BAD_NAME fault of Supvisors. */
function recordsOf(model: ClusterModel, namespec: string): { application: string; process: string | undefined; records: ProcessRecord[] } {
  const { application, process } = splitNamespec(namespec);
  const all = processesOf(model, application);
  if (all.length === 0) throw rpcFault('BAD_NAME', `application=${application} unknown to Supvisors`);
  if (process === undefined) return { application, process, records: all };
  const records = all.filter((record) => record.name === process);
  if (records.length === 0) throw rpcFault('BAD_NAME', `process=${process} unknown in application=${application}`);
  return { application, process, records };
}

export function applicationMethods(deps: ApplicationMethodsDeps): Implementation[] {
  const { view } = deps;
  const monotonic = deps.monotonic ?? monotonicSeconds;
  const epoch = deps.epoch ?? ((): number => Date.now() / 1000);

  const applicationOf = (model: ClusterModel, name: string): ApplicationView => {
    const found = applicationView(model, deps.rules(), name, deps.startingStrategy);
    if (found === undefined) throw rpcFault('BAD_NAME', `application=${name} unknown to Supvisors`);
    return found;
  };
  const resolve = (name: string): readonly string[] => {
    const { identifiers } = resolveNames(view.list, [name]);
    if (identifiers.length === 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
    return identifiers;
  };
  /** Now on an instance's clocks: ours shifted by the offset seen in its last heartbeat (none: ours). */
  const clockOf = (identifier: string, local: Clock): Clock => {
    const beat = view.heartbeats.get(identifier);
    if (beat === undefined) return local;
    return {
      epoch: local.epoch + (beat.remote.timeMs - beat.local.timeMs) / 1000,
      monotonic: local.monotonic + (beat.remote.monotonicMs - beat.local.monotonicMs) / 1000,
    };
  };
  /** The S6 of what each of `identifiers` reported of `records` (those it reported). */
  const innerInfos = (identifiers: readonly string[], records: readonly ProcessRecord[]): XmlRpcStruct[] => {
    const local: Clock = { epoch: epoch(), monotonic: monotonic() };
    return identifiers.flatMap((identifier) => {
      const clock = clockOf(identifier, local);
      const nick = findInstance(view.list, identifier)?.nickIdentifier ?? identifier;
      return records.flatMap((record) => {
        const info = record.infos.get(identifier);
        return info === undefined ? [] : [builtStruct(innerProcessInfoPayload(identifier, nick, info, clock))];
      });
    });
  };

  return [
    implement('supvisors.get_all_applications_info', async () => {
      const model = await deps.getModel();
      const now = monotonic();
      return applicationViews(model, deps.rules(), deps.startingStrategy).map((found) => builtStruct(applicationInfoPayload(found, now)));
    }),
    implement('supvisors.get_application_info', async ([name]) => builtStruct(applicationInfoPayload(applicationOf(await deps.getModel(), str(name)), monotonic()))),
    implement('supvisors.get_application_rules', async ([name]) => {
      const found = applicationOf(await deps.getModel(), str(name));
      const rules = resolveApplicationHash(found.name, found.rules, view.list.instances).rules;
      return builtStruct(applicationRulesPayload({ ...found, rules }));
    }),
    implement('supvisors.get_all_process_info', async () => {
      const model = await deps.getModel();
      const now = monotonic();
      return model.applications.flatMap((application) => processesOf(model, application)).map((record) => builtStruct(processInfoPayload(record, now)));
    }),
    implement('supvisors.get_process_info', async ([namespec]) => {
      const { records } = recordsOf(await deps.getModel(), str(namespec));
      const now = monotonic();
      return records.map((record) => builtStruct(processInfoPayload(record, now)));
    }),
    implement('supvisors.get_process_rules', async ([namespec]) => {
      const model = await deps.getModel();
      const { application, records } = recordsOf(model, str(namespec));
      const processes = applicationOf(model, application).processes.filter((found) => records.includes(found.record));
      return processes.map(({ record, rules }) => builtStruct(processRulesPayload(record.application, record.name, rules)));
    }),
    implement('supvisors.get_all_inner_process_info', async ([identifier]) => {
      const identifiers = resolve(str(identifier));
      const model = await deps.getModel();
      return innerInfos(identifiers, [...model.processes.values()]);
    }),
    implement('supvisors.get_inner_process_info', async ([identifier, namespec]) => {
      const name = str(identifier);
      const spec = str(namespec);
      const identifiers = resolve(name);
      const { process, records } = recordsOf(await deps.getModel(), spec);
      if (process !== undefined && identifiers.some((resolved) => records.every((record) => !record.infos.has(resolved)))) {
        throw rpcFault('FAILED', `${spec} unknown on ${name}`);
      }
      return innerInfos(identifiers, records);
    }),
    implement('supvisors.get_conflicts', async () => {
      const model = await deps.getModel();
      const now = monotonic();
      const managed = applicationViews(model, deps.rules(), deps.startingStrategy).flatMap((found) =>
        found.processes.map(({ record }) => ({ record, managed: found.managed, synthesis: record.synthesis })),
      );
      return conflicts(managed).map(({ record }) => builtStruct(processInfoPayload(record, now)));
    }),
  ];
}
