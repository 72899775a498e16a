import assert from 'node:assert/strict';
import { applicationMethods } from '../../api/supvisors/application-methods.js';
import { writeResponse } from '../../xmlrpc/response-writer.js';
import { MethodTable } from '../../api/xmlrpc/method-table.js';
import { memoryLogger } from '../helpers/logger.js';
import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import { ClusterView } from '../../actors/state-machine/view.js';
import { initialStateModes, setLocalModes } from '../../cluster/state-records.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { applyReport, emptyModel, type ClusterModel } from '../../model/cluster-model.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import type { RuleSet } from '../../rules/types.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { defaultOptions, instanceList, network } from '../actors/state-machine/fixtures.js';
import { localProcess } from '../helpers/local-process.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';
const NOW = 200;
const EPOCH = 1_700_000_000;

const proc = (group: string, name: string, state: ProcessState, extra: Partial<LocalProcess> = {}): LocalProcess => localProcess(group, name, state, { hasStderr: true, ...extra });

function ruleSet(body: string): RuleSet {
  const parsing = parseRulesFile(`<?xml version="1.0"?>\n<root>\n${body}\n</root>\n`, 'rules.xml');
  return mergeRules([parsing.rules]).rules;
}

const rules = ruleSet(`<application name="web">
  <distribution>SINGLE_INSTANCE</distribution>
  <identifiers>n2,${A}</identifiers>
  <start_sequence>2</start_sequence>
  <stop_sequence>3</stop_sequence>
  <starting_strategy>LESS_LOADED</starting_strategy>
  <starting_failure_strategy>STOP</starting_failure_strategy>
  <running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>
  <operational_status>'front'</operational_status>
  <programs>
    <program name="front"><start_sequence>1</start_sequence><required>true</required><expected_loading>25</expected_loading><identifiers>n2</identifiers></program>
    <program pattern="ba"><identifiers>#,n1,n2</identifiers><required>true</required></program>
  </programs>
</application>
<application name="hmi_2"><identifiers>#,n1,n2</identifiers><start_sequence>1</start_sequence></application>`);

/**
 * web: front RUNNING on A and B (a conflict, managed), back STOPPED on A then EXITED badly on B;
 * tools: shell RUNNING on A and B (unmanaged: no conflict); hmi_2: gui on A only; solo unmanaged.
 */
function clusterModel(): ClusterModel {
  let model = emptyModel;
  model = applyReport(model, A, proc('web', 'front', 'RUNNING', { start: EPOCH - 100, startMonotonic: 100, changedMonotonic: 101, pid: 11, extraArgs: '-x' }), 10);
  model = applyReport(model, B, proc('web', 'front', 'RUNNING', { start: EPOCH + 500, startMonotonic: 100, changedMonotonic: 150, pid: 12, extraArgs: '-y' }), 11);
  model = applyReport(model, A, proc('web', 'back', 'STOPPED'), 12);
  model = applyReport(model, B, proc('web', 'back', 'EXITED', { expected: false, exitstatus: 3, start: EPOCH + 550, stop: EPOCH + 600, extraArgs: '-z' }), 13);
  model = applyReport(model, A, proc('tools', 'shell', 'RUNNING', { pid: 21 }), 14);
  model = applyReport(model, B, proc('tools', 'shell', 'RUNNING', { pid: 22 }), 15);
  model = applyReport(model, A, proc('hmi_2', 'gui', 'STOPPED'), 16);
  model = applyReport(model, A, proc('solo', 'solo', 'STOPPED'), 17);
  return model;
}

function setUp(): { view: ClusterView; methods: MethodTable } {
  const list = instanceList([A, B], A);
  const view = new ClusterView(list, initialStateModes(list.instances, A, false), defaultOptions(), network);
  // B's clocks: 1000 s ahead (epoch) and 400 s ahead (monotonic) of ours
  view.heartbeats = new Map([[B, { remote: { counter: 3, timeMs: 2_000_000, monotonicMs: 900_000 }, local: { round: 7, timeMs: 1_000_000, monotonicMs: 500_000 }, restarted: false }]]);
  const model = clusterModel();
  const methods = applicationMethods({ view, getModel: () => Promise.resolve(model), rules: () => rules, startingStrategy: 'CONFIG', monotonic: () => NOW, epoch: () => EPOCH });
  return { view, methods: new MethodTable({ implementations: methods, state: () => view.state, log: memoryLogger().logger }) };
}

function operating(): MethodTable {
  const { view, methods } = setUp();
  view.records = setLocalModes(view.records, A, { state: 'OPERATION' }).records;
  return methods;
}

function call(methods: MethodTable, name: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  return methods.invoke(`supvisors.${name}`, params);
}

async function fault(promise: Promise<unknown>): Promise<[number, string]> {
  try {
    await promise;
  } catch (error) {
    if (isSupvisorsError(error)) return [error.faultCode, error.faultString];
    throw error;
  }
  throw new Error('no fault');
}

const d = (value: number): XmlRpcDouble => new XmlRpcDouble(value);

function s4(application: string, process: string, statecode: number, statename: string, expectedExit: boolean, lastEvent: number, identifiers: string[], extraArgs: string): XmlRpcStruct {
  return {
    application_name: application,
    process_name: process,
    now_monotonic: d(NOW),
    statecode,
    statename,
    expected_exit: expectedExit,
    last_event_mtime: d(lastEvent),
    identifiers,
    extra_args: extraArgs,
  };
}

const webFront = s4('web', 'front', 20, 'RUNNING', true, 11, [A, B], '-x');
const webBack = s4('web', 'back', 100, 'EXITED', false, 13, [], '-z');
const toolsShell = s4('tools', 'shell', 20, 'RUNNING', true, 15, [A, B], '');
const hmiGui = s4('hmi_2', 'gui', 0, 'STOPPED', true, 16, [], '');
const solo = s4('solo', 'solo', 0, 'STOPPED', true, 17, [], '');

describe('application and process XML-RPC methods', () => {
  it('are guarded: FROM_DISTRIBUTION for the synthetic ones, ANY for the inner ones', async () => {
    const { view, methods } = setUp();
    const refused = "BAD_SUPVISORS_STATE: invalid Supvisors state=OFF - state expected in ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']";
    for (const name of ['get_all_applications_info', 'get_application_info', 'get_application_rules', 'get_all_process_info', 'get_process_info', 'get_process_rules', 'get_conflicts']) {
      const params = name.startsWith('get_all') || name === 'get_conflicts' ? [] : ['web'];
      assert.deepEqual(await fault(call(methods, name, ...params)), [101, refused], name);
    }
    assert.equal(((await call(methods, 'get_all_inner_process_info', 'n1')) as XmlRpcValue[]).length, 5);
    assert.equal(((await call(methods, 'get_inner_process_info', A, 'web:front')) as XmlRpcValue[]).length, 1);
    view.records = setLocalModes(view.records, A, { state: 'DISTRIBUTION' }).records;
    assert.equal(((await call(methods, 'get_all_process_info')) as XmlRpcValue[]).length, 5);
  });

  it('get_all_applications_info / get_application_info: S3 in discovery order', async () => {
    const methods = operating();
    const s3 = (name: string, managed: boolean, statecode: number, statename: string, minor: boolean): XmlRpcStruct => ({
      application_name: name,
      managed,
      now_monotonic: d(NOW),
      statecode,
      statename,
      major_failure: false,
      minor_failure: minor,
    });
    assert.deepEqual(await call(methods, 'get_all_applications_info'), [
      s3('web', true, 2, 'RUNNING', true),
      s3('tools', false, 2, 'RUNNING', false),
      s3('hmi_2', true, 0, 'STOPPED', false),
      s3('solo', false, 0, 'STOPPED', false),
    ]);
    assert.deepEqual(await call(methods, 'get_application_info', 'web'), s3('web', true, 2, 'RUNNING', true));
    const wire = writeResponse(await call(methods, 'get_application_info', 'web'));
    assert.ok(wire.includes('<name>now_monotonic</name><value><double>200.0</double></value>'), wire);
    assert.ok(wire.includes('<name>statecode</name><value><int>2</int></value>'), wire);
    assert.deepEqual(await fault(call(methods, 'get_application_info', 'nope')), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
  });

  it('get_application_rules: S7, `#` resolved, exactly {application_name, managed} when unmanaged', async () => {
    const methods = operating();
    assert.deepEqual(await call(methods, 'get_application_rules', 'web'), {
      managed: true,
      distribution: 'SINGLE_INSTANCE',
      identifiers: ['n2', A],
      start_sequence: 2,
      stop_sequence: 3,
      starting_strategy: 'LESS_LOADED',
      starting_failure_strategy: 'STOP',
      running_failure_strategy: 'RESTART_APPLICATION',
      status_formula: "'front'",
      application_name: 'web',
    });
    assert.deepEqual(await call(methods, 'get_application_rules', 'hmi_2'), {
      managed: true,
      distribution: 'ALL_INSTANCES',
      identifiers: [B],
      start_sequence: 1,
      stop_sequence: 1,
      starting_strategy: 'CONFIG',
      starting_failure_strategy: 'ABORT',
      running_failure_strategy: 'CONTINUE',
      status_formula: '',
      application_name: 'hmi_2',
    });
    assert.deepEqual(await call(methods, 'get_application_rules', 'solo'), { managed: false, application_name: 'solo' });
    assert.deepEqual(await fault(call(methods, 'get_application_rules', 'nope')), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
  });

  it('get_all_process_info / get_process_info: S4, by name, group:name, group:* and group:', async () => {
    const methods = operating();
    assert.deepEqual(await call(methods, 'get_all_process_info'), [webFront, webBack, toolsShell, hmiGui, solo]);
    assert.deepEqual(await call(methods, 'get_process_info', 'web:front'), [webFront]);
    assert.deepEqual(await call(methods, 'get_process_info', 'web:*'), [webFront, webBack]);
    assert.deepEqual(await call(methods, 'get_process_info', 'web:'), [webFront, webBack]);
    assert.deepEqual(await call(methods, 'get_process_info', 'solo'), [solo]);
    assert.deepEqual(await fault(call(methods, 'get_process_info', 'nope:front')), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
    assert.deepEqual(await fault(call(methods, 'get_process_info', 'web:nope')), [10, 'BAD_NAME: process=nope unknown in application=web']);
    // a bare name is group and process: not a group wildcard
    assert.deepEqual(await fault(call(methods, 'get_process_info', 'web')), [10, 'BAD_NAME: process=web unknown in application=web']);
  });

  it('get_process_rules: S8 per process, the faults of get_process_info', async () => {
    const methods = operating();
    const s8 = (process: string, identifiers: string[], start: number, required: boolean, loading: number): XmlRpcStruct => ({
      identifiers,
      start_sequence: start,
      stop_sequence: start,
      required,
      wait_exit: false,
      expected_loading: loading,
      starting_failure_strategy: 'STOP',
      running_failure_strategy: 'RESTART_APPLICATION',
      application_name: 'web',
      process_name: process,
    });
    assert.deepEqual(await call(methods, 'get_process_rules', 'web:*'), [s8('front', ['n2'], 1, true, 25), s8('back', [], 0, false, 0)]);
    assert.deepEqual(await call(methods, 'get_process_rules', 'solo'), [
      {
        identifiers: ['*'],
        start_sequence: 0,
        stop_sequence: 0,
        required: false,
        wait_exit: false,
        expected_loading: 0,
        starting_failure_strategy: 'ABORT',
        running_failure_strategy: 'CONTINUE',
        application_name: 'solo',
        process_name: 'solo',
      },
    ]);
    assert.deepEqual(await fault(call(methods, 'get_process_rules', 'nope:*')), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
    assert.deepEqual(await fault(call(methods, 'get_process_rules', 'web:nope')), [10, 'BAD_NAME: process=nope unknown in application=web']);
  });

  it('get_conflicts: processes of managed applications running on several instances', async () => {
    assert.deepEqual(await call(operating(), 'get_conflicts'), [webFront]);
  });

  it('get_inner_process_info: S6 on the reporter clock, faults in order', async () => {
    const { methods } = setUp();
    // B: now = EPOCH + 1000 (epoch), NOW + 400 (monotonic)
    assert.deepEqual(await call(methods, 'get_inner_process_info', 'n2', 'web:front'), [
      {
        name: 'front',
        group: 'web',
        state: 20,
        statename: 'RUNNING',
        start: EPOCH + 500,
        stop: 0,
        now: EPOCH + 1000,
        pid: 12,
        description: 'pid 12, uptime 0:08:20',
        spawnerr: '',
        expected: true,
        start_monotonic: d(100),
        stop_monotonic: d(0),
        now_monotonic: d(600),
        extra_args: '-y',
        startsecs: 1,
        stopwaitsecs: 10,
        process_index: 0,
        program_name: 'front',
        disabled: false,
        has_stdout: true,
        has_stderr: true,
        exitstatus: 0,
        local_mtime: d(11),
        event_time: d(150),
        uptime: d(500),
        has_crashed: false,
        identifier: B,
        nick_identifier: 'n2',
      },
    ]);
    // A is the local instance: our clocks
    const local = (await call(methods, 'get_inner_process_info', 'n1', 'web:front')) as XmlRpcStruct[];
    assert.deepEqual(
      local.map((info) => [info['identifier'], info['now'], info['now_monotonic'], info['uptime'], info['description']]),
      [[A, EPOCH, d(NOW), d(100), 'pid 11, uptime 0:01:40']],
    );
    const back = (await call(methods, 'get_inner_process_info', B, 'web:back')) as XmlRpcStruct[];
    assert.deepEqual(back.map((info) => [info['statename'], info['uptime'], info['has_crashed'], info['exitstatus']]), [['EXITED', 0, true, 3]]);
    // group:* gives the records of the group's processes that instance reported
    assert.deepEqual(((await call(methods, 'get_inner_process_info', A, 'web:*')) as XmlRpcStruct[]).map((info) => info['name']), ['front', 'back']);
    assert.deepEqual(await call(methods, 'get_inner_process_info', B, 'hmi_2:*'), []);
    assert.deepEqual(await fault(call(methods, 'get_inner_process_info', 'nobody', 'nope:x')), [10, 'BAD_NAME: identifier=nobody is unknown to Supvisors']);
    assert.deepEqual(await fault(call(methods, 'get_inner_process_info', 'n2', 'nope:x')), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
    assert.deepEqual(await fault(call(methods, 'get_inner_process_info', 'n2', 'web:x')), [10, 'BAD_NAME: process=x unknown in application=web']);
    assert.deepEqual(await fault(call(methods, 'get_inner_process_info', 'n2', 'hmi_2:gui')), [30, 'FAILED: hmi_2:gui unknown on n2']);
  });

  it('get_all_inner_process_info: every record of each resolved instance', async () => {
    const { methods } = setUp();
    const names = async (identifier: string): Promise<XmlRpcValue[][]> =>
      ((await call(methods, 'get_all_inner_process_info', identifier)) as XmlRpcStruct[]).map((info) => [info['identifier'] ?? '', info['group'] ?? '', info['name'] ?? '']);
    assert.deepEqual(await names('n2'), [[B, 'web', 'front'], [B, 'web', 'back'], [B, 'tools', 'shell']]);
    assert.deepEqual(await names(A), [[A, 'web', 'front'], [A, 'web', 'back'], [A, 'tools', 'shell'], [A, 'hmi_2', 'gui'], [A, 'solo', 'solo']]);
    assert.deepEqual(await fault(call(methods, 'get_all_inner_process_info', 'nobody')), [10, 'BAD_NAME: identifier=nobody is unknown to Supvisors']);
  });
});
