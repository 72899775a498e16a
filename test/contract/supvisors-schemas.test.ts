/**
 * The result schemas of `supvisors.*` (contract/schemas/supvisors.ts) against what the real
 * payload builders write: every payload is valid, and a wrong type is refused. The typed
 * assignments (`const x: Static<typeof Schema> = builder(...)`) check at compile time that the
 * builders' types fit the schemas' static types, so the literal name lists stay in step; the
 * builders of get_strategies, S7 and S10 type their names as plain strings, so only their values
 * are checked.
 */
import assert from 'node:assert/strict';
import type { Static, TSchema } from '@sinclair/typebox';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import type { StatsMessage } from '../../actors/stats/messages.js';
import { placementContext, predictStart, type ClusterFacts } from '../../actors/starter/placement-inputs.js';
import { plainToXmlRpc } from '../../xmlrpc/plain-data.js';
import { statisticsMethods } from '../../api/supvisors/statistics-methods.js';
import { strategiesOf } from '../../cluster/instance-states.js';
import { instanceInfoPayload } from '../../payloads/instance-info.js';
import { networkInfoPayload } from '../../payloads/network-info.js';
import { allInstancesStateModesPayload, masterIdentifierPayload, supvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import {
  ActorDiagnostics,
  ApplicationInfo,
  ApplicationRules,
  InnerProcessInfo,
  InstanceInfo,
  InstanceStateModes,
  LocalProcessInfo,
  MasterIdentifier,
  NetworkInfo,
  ProcessInfo,
  ProcessRules,
  StatisticsStatus,
  Strategies,
  SupvisorsStateInfo,
  TestStartEntry,
} from '../../contract/schemas/supvisors.js';
import { applicationView, type ApplicationView } from '../../model/applications.js';
import { applyReport, emptyModel, type ProcessRecord } from '../../model/cluster-model.js';
import {
  applicationInfoPayload,
  applicationRulesPayload,
  innerProcessInfoPayload,
  processInfoPayload,
  processRulesPayload,
} from '../../payloads/application-payloads.js';
import { localProcessInfo } from '../../payloads/local-process-info.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import { builtinStartingStrategies } from '../../strategies/placement.js';
import { Value } from '@sinclair/typebox/value';
import { instance, recordsOf, trio } from '../cluster/fixtures.js';
import { localProcess } from '../helpers/local-process.js';
import { memoryLogger } from '../helpers/logger.js';
import { xmlRpcToJson } from '../../xmlrpc/json.js';
import { assertFits } from '../helpers/contracts.js';

function refused(schema: TSchema, value: unknown): void {
  assert.equal(Value.Check(schema, value), false, `accepted ${JSON.stringify(value)}`);
}

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';

describe('supvisors result schemas', () => {
  describe('S1 and the status structs (payloads/state-modes-payloads.ts)', () => {
    const records = recordsOf(trio, {
      'a:1': { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: 'b:1', startingJobs: true } },
      'b:1': { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: 'b:1', stoppingJobs: true } },
      'c:1': { seen: 'ISOLATED' },
    });

    it('get_supvisors_state: jobs as identifiers', () => {
      const payload: Static<typeof SupvisorsStateInfo> = supvisorsStatePayload(records, 'a:1', 1_234_567);
      assertFits(SupvisorsStateInfo, payload);
      refused(SupvisorsStateInfo, { ...payload, starting_jobs: true });
      refused(SupvisorsStateInfo, { ...payload, fsm_statename: 'WORKING' });
      refused(SupvisorsStateInfo, { ...payload, instance_states: { 'a:1': 'SILENT' } });
    });

    it('get_all_instances_state_modes: jobs as booleans, defaults for an isolated instance', () => {
      const payloads: Static<typeof InstanceStateModes>[] = allInstancesStateModesPayload(records, 1_234_567);
      for (const payload of payloads) assertFits(InstanceStateModes, payload);
      const [first] = payloads;
      refused(InstanceStateModes, { ...first, starting_jobs: ['a:1'] });
      refused(InstanceStateModes, { ...first, fsm_statecode: 4.5 });
      refused(InstanceStateModes, { ...first, now_monotonic: '1234.567' });
    });

    it('get_master_identifier: the Master, or an empty struct', () => {
      const master: Static<typeof MasterIdentifier> = masterIdentifierPayload(records, 'a:1');
      assertFits(MasterIdentifier, master);
      assertFits(MasterIdentifier, masterIdentifierPayload(recordsOf(trio, {}), 'a:1'));
      refused(MasterIdentifier, { identifier: 7, nick_identifier: 'na' });
    });

    it('get_strategies: the hyphenated auto-fencing key', () => {
      const strategies = strategiesOf({ autoFence: true, startingStrategy: 'LESS_LOADED', conciliationStrategy: 'USER', supvisorsFailureStrategy: 'RESYNC' });
      assertFits(Strategies, strategies);
      refused(Strategies, { ...strategies, 'auto-fencing': 'true' });
      // a plugin's name is a starting strategy too: any string, not any type
      assertFits(Strategies, { ...strategies, starting: 'ROUND_ROBIN' });
      refused(Strategies, { ...strategies, starting: 3 });
    });

    it('S2 InstanceInfo, before any heartbeat and after', () => {
      const data = { identifier: A, nickIdentifier: 'n1', host: '127.0.0.1', port: 60001, state: 'RUNNING' as const, loading: 35, processFailure: false };
      const heartbeat = { remote: { counter: 12, timeMs: 1_700_000_000_900, monotonicMs: 5_250 }, local: { round: 40, timeMs: 1_700_000_001_000, monotonicMs: 7_125 } };
      const payload: Static<typeof InstanceInfo> = instanceInfoPayload({ ...data, heartbeat });
      assertFits(InstanceInfo, payload);
      assertFits(InstanceInfo, instanceInfoPayload(data));
      refused(InstanceInfo, { ...payload, remote_time: 1_700_000_000.9 });
      refused(InstanceInfo, { ...payload, statename: 'UP' });
    });

    it('S9 NetworkInfo, with and without its network block', () => {
      const item = instance(A, 'n1', { stereotypes: ['server'] });
      const nic = { netmask: '255.0.0.0', hostName: 'h', aliases: ['al'], ipv4Addresses: ['10.0.0.5'] };
      const payload: Static<typeof NetworkInfo> = networkInfoPayload(item, {
        machineId: '02:fc:00:00:00:01',
        fqdn: 'a.example.org',
        nics: [{ ...nic, name: 'eth0', address: '10.0.0.5', internal: false }],
      });
      assertFits(NetworkInfo, payload);
      assertFits(NetworkInfo, networkInfoPayload(item, undefined));
      refused(NetworkInfo, { ...payload, http_port: '60001' });
      refused(NetworkInfo, { ...payload, network: { ...payload.network, addresses: { eth0: { host_name: 'h' } } } });
    });
  });

  describe('get_statistics_status (api/supvisors/statistics-methods.ts)', () => {
    /** A stats actor that answers `status` with the given period. */
    function statsAnswering(period: number, isDouble: boolean): ActorRef<StatsMessage> {
      return {
        name: 'stats',
        tell: () => 'delivered',
        ask: (build) =>
          new Promise((resolve, reject) => {
            const message = build({ reply: resolve, fail: reject, settled: false });
            if (message.type !== 'status') throw new Error(`unexpected ${message.type}`);
            message.replyTo.reply({ status: { host_stats: true, process_stats: false, collecting_period: period }, collectingPeriodIsDouble: isDouble, collector: true });
          }),
      };
    }

    async function status(period: number, isDouble: boolean): Promise<unknown> {
      const method = statisticsMethods(statsAnswering(period, isDouble)).find((one) => one.name === 'supvisors.get_statistics_status');
      if (method === undefined) throw new Error('no supvisors.get_statistics_status');
      return xmlRpcToJson(await method.call([]));
    }

    it('the default period an int, a configured one a double', async () => {
      const whole = await status(5, false);
      assertFits(StatisticsStatus, whole);
      assertFits(StatisticsStatus, await status(2.5, true));
      refused(StatisticsStatus, { ...(whole as object), host_stats: 1 });
      refused(StatisticsStatus, { ...(whole as object), collecting_period: '5' });
    });
  });

  describe('S3, S4, S6, S7, S8 (payloads/application-payloads.ts) and S5 (payloads/local-process-info.ts)', () => {
    const parsing = parseRulesFile(
      `<?xml version="1.0"?>
<root>
<application name="web">
  <distribution>SINGLE_NODE</distribution>
  <start_sequence>1</start_sequence>
  <operational_status>'front'</operational_status>
  <programs>
    <program name="front"><start_sequence>1</start_sequence><required>true</required><expected_loading>30</expected_loading></program>
    <program name="batch"><start_sequence>2</start_sequence><wait_exit>true</wait_exit></program>
    <program name="back"><identifiers>#,n1,n2</identifiers></program>
  </programs>
</application>
</root>
`,
      'rules.xml',
    );
    const rules = mergeRules([parsing.rules]).rules;
    let model = emptyModel;
    model = applyReport(model, A, localProcess('web', 'front', 'STOPPED', { extraArgs: '-a' }), 10);
    model = applyReport(model, B, localProcess('web', 'front', 'STOPPED'), 11);
    model = applyReport(model, A, localProcess('web', 'batch', 'STOPPED'), 12);
    model = applyReport(model, B, localProcess('web', 'back', 'RUNNING', { pid: 7, start: 1_000_000, startMonotonic: 40 }), 13);
    model = applyReport(model, A, localProcess('tools', 'tools', 'EXITED', { expected: false }), 14);

    function view(name: string): ApplicationView {
      const found = applicationView(model, rules, name, 'CONFIG');
      if (found === undefined) throw new Error(`no application ${name}`);
      return found;
    }
    function record(namespec: string): ProcessRecord {
      const found = model.processes.get(namespec);
      if (found === undefined) throw new Error(`no ${namespec}`);
      return found;
    }

    it('S3 ApplicationInfo, managed or not', () => {
      const payload: Static<typeof ApplicationInfo> = applicationInfoPayload(view('web'), 123.5).payload;
      assertFits(ApplicationInfo, payload);
      assertFits(ApplicationInfo, applicationInfoPayload(view('tools'), 1).payload);
      refused(ApplicationInfo, { ...payload, statename: 'UNKNOWN' });
      refused(ApplicationInfo, { ...payload, major_failure: 'no' });
    });

    it('S4 ProcessInfo', () => {
      const payload: Static<typeof ProcessInfo> = processInfoPayload(record('web:back'), 50).payload;
      assertFits(ProcessInfo, payload);
      assertFits(ProcessInfo, processInfoPayload(record('tools'), 50).payload);
      refused(ProcessInfo, { ...payload, identifiers: B });
      refused(ProcessInfo, { ...payload, statecode: '20' });
    });

    it('S5 LocalProcessInfo, doubles rendered as plain numbers', () => {
      const clock = { epoch: 1_000_065.7, monotonic: 105.5 };
      const running = xmlRpcToJson(localProcessInfo(localProcess('web', 'back', 'RUNNING', { pid: 7, start: 1_000_000, startMonotonic: 40 }), clock));
      assertFits(LocalProcessInfo, running);
      assertFits(LocalProcessInfo, xmlRpcToJson(localProcessInfo(localProcess('web', 'front', 'FATAL', { spawnerr: 'Exited too quickly', expected: false }), clock)));
      refused(LocalProcessInfo, { ...(running as object), pid: 7.5 });
      refused(LocalProcessInfo, { ...(running as object), disabled: 0 });
    });

    it('S6 InnerProcessInfo, running (float uptime) and stopped (int 0)', () => {
      const clock = { epoch: 1_000_065.7, monotonic: 105.5 };
      const running = { ...localProcess('web', 'back', 'RUNNING', { pid: 7, start: 1_000_000, startMonotonic: 40 }), localMtime: 42 };
      const payload: Static<typeof InnerProcessInfo> = innerProcessInfoPayload(B, 'n2', running, clock).payload;
      assertFits(InnerProcessInfo, payload);
      assertFits(InnerProcessInfo, innerProcessInfoPayload(A, 'n1', { ...localProcess('web', 'front', 'STOPPED'), localMtime: 3 }, clock).payload);
      refused(InnerProcessInfo, { ...payload, has_crashed: 'false' });
      refused(InnerProcessInfo, { ...payload, uptime: null });
    });

    it('S7 ApplicationRules, managed or exactly {application_name, managed: false}', () => {
      const managed = applicationRulesPayload(view('web')).payload;
      assertFits(ApplicationRules, managed);
      assertFits(ApplicationRules, applicationRulesPayload(view('tools')).payload);
      refused(ApplicationRules, { ...managed, distribution: 'EVERYWHERE' });
      refused(ApplicationRules, { ...managed, start_sequence: '1' });
      refused(ApplicationRules, { application_name: 'tools', managed: 'false' });
    });

    it('S8 ProcessRules', () => {
      for (const { record: process, rules: program } of view('web').processes) {
        const payload: Static<typeof ProcessRules> = processRulesPayload('web', process.name, program).payload;
        assertFits(ProcessRules, payload);
        refused(ProcessRules, { ...payload, expected_loading: 12.5 });
        refused(ProcessRules, { ...payload, wait_exit: 'true' });
      }
    });

    it('S10 TestStartEntry (actors/starter/placement-inputs.ts predictStart)', () => {
      const facts: ClusterFacts = { localIdentifier: A, instances: [instance(A, 'n1'), instance(B, 'n2')], running: new Set([A, B]), machineIds: new Map() };
      const strategy = builtinStartingStrategies.get('CONFIG');
      if (strategy === undefined) throw new Error('no CONFIG strategy');
      const entries = predictStart(view('web'), strategy, placementContext(model, rules, 'CONFIG', facts, new Map()), facts);
      assert.ok(entries.length > 0, 'a prediction');
      for (const entry of entries) assertFits(TestStartEntry, entry);
      const [first] = entries;
      refused(TestStartEntry, { ...first, running_identifiers: [1] });
      refused(TestStartEntry, { ...first, state: 'STARTED' });
    });
  });

  describe('get_actor_diagnostics (actors/core diagnostics through plain-data.ts)', () => {
    it('a system snapshot with its peers and events', async () => {
      const system = new ActorSystem({ node: 'node1', logger: memoryLogger().logger });
      try {
        system.spawn<{ type: 'ping' }>('echo', () => ({ receive: () => undefined }));
        const snapshot = xmlRpcToJson(plainToXmlRpc({ ...system.diagnostics({ peek: 2 }), peers: [], events: { subscribers: 0 } }));
        assertFits(ActorDiagnostics, snapshot);
        refused(ActorDiagnostics, { ...(snapshot as object), escalations: '0' });
        refused(ActorDiagnostics, { ...(snapshot as object), actors: {} });
      } finally {
        await system.shutdown();
      }
    });
  });
});
