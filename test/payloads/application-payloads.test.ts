import assert from 'node:assert/strict';
import {
  applicationInfoPayload,
  applicationRulesPayload,
  extraArgsOf,
  innerProcessInfoPayload,
  processInfoPayload,
  processRulesPayload,
} from '../../payloads/application-payloads.js';
import { applicationView, type ApplicationView } from '../../model/applications.js';
import { applyReport, emptyModel, type ClusterModel, type ProcessRecord } from '../../model/cluster-model.js';
import { forceState } from '../../model/process-state.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import type { RuleSet } from '../../rules/types.js';
import { localProcess } from '../helpers/local-process.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';

function ruleSet(body: string): RuleSet {
  const parsing = parseRulesFile(`<?xml version="1.0"?>\n<root>\n${body}\n</root>\n`, 'rules.xml');
  return mergeRules([parsing.rules]).rules;
}

function record(model: ClusterModel, namespec: string): ProcessRecord {
  const found = model.processes.get(namespec);
  if (found === undefined) throw new Error(`no ${namespec}`);
  return found;
}

function viewOf(model: ClusterModel, rules: RuleSet, name: string): ApplicationView {
  const found = applicationView(model, rules, name, 'CONFIG');
  if (found === undefined) throw new Error(`no application ${name}`);
  return found;
}

const rules = ruleSet(`<application name="web">
  <distribution>SINGLE_NODE</distribution>
  <identifiers>n2,${A}</identifiers>
  <start_sequence>2</start_sequence>
  <starting_strategy>MOST_LOADED</starting_strategy>
  <running_failure_strategy>STOP_APPLICATION</running_failure_strategy>
  <operational_status>'front'</operational_status>
  <programs>
    <program name="front"><start_sequence>1</start_sequence><required>true</required><wait_exit>true</wait_exit><expected_loading>30</expected_loading></program>
    <program pattern="back"><identifiers>#,n1,n2</identifiers><required>true</required></program>
  </programs>
</application>
<application name="broken"><programs><program pattern="x(("><start_sequence>1</start_sequence></program></programs></application>`);

describe('application payloads', () => {
  let model = emptyModel;
  model = applyReport(model, A, localProcess('web', 'front', 'RUNNING', { extraArgs: '-a', pid: 7 }), 10);
  model = applyReport(model, B, localProcess('web', 'front', 'STOPPED', { extraArgs: '-b' }), 12);
  model = applyReport(model, A, localProcess('web', 'back', 'EXITED', { expected: false, extraArgs: '-old' }), 13);
  model = applyReport(model, B, localProcess('web', 'back', 'STOPPED', { extraArgs: '-new' }), 14);
  model = applyReport(model, A, localProcess('tools', 'tools', 'STOPPED'), 15);

  it('S3: name, managed, state and failures of the evaluation, now_monotonic a double', () => {
    const built = applicationInfoPayload(viewOf(model, rules, 'web'), 123.5);
    assert.deepEqual(built.payload, {
      application_name: 'web',
      managed: true,
      now_monotonic: 123.5,
      statecode: 2,
      statename: 'RUNNING',
      major_failure: false,
      minor_failure: false,
    });
    assert.deepEqual(Object.keys(built.payload), ['application_name', 'managed', 'now_monotonic', 'statecode', 'statename', 'major_failure', 'minor_failure']);
    assert.deepEqual(built.doubles, ['now_monotonic']);
    assert.deepEqual(applicationInfoPayload(viewOf(model, rules, 'tools'), 1).payload, {
      application_name: 'tools',
      managed: false,
      now_monotonic: 1,
      statecode: 0,
      statename: 'STOPPED',
      major_failure: false,
      minor_failure: false,
    });
  });

  it('S4: the displayed state, running identifiers and extra_args of a running instance', () => {
    const built = processInfoPayload(record(model, 'web:front'), 50);
    assert.deepEqual(built.payload, {
      application_name: 'web',
      process_name: 'front',
      now_monotonic: 50,
      statecode: 20,
      statename: 'RUNNING',
      expected_exit: true,
      last_event_mtime: 12,
      identifiers: [A],
      extra_args: '-a',
    });
    assert.deepEqual(Object.keys(built.payload), ['application_name', 'process_name', 'now_monotonic', 'statecode', 'statename', 'expected_exit', 'last_event_mtime', 'identifiers', 'extra_args']);
    assert.deepEqual(built.doubles, ['now_monotonic', 'last_event_mtime']);
  });

  it('S4: nothing running, the most recent report gives the state and extra_args; a forced state shows first', () => {
    const back = record(model, 'web:back');
    assert.equal(extraArgsOf(back), '-new');
    assert.deepEqual(processInfoPayload(back, 50).payload, {
      application_name: 'web',
      process_name: 'back',
      now_monotonic: 50,
      statecode: 0,
      statename: 'STOPPED',
      expected_exit: true,
      last_event_mtime: 14,
      identifiers: [],
      extra_args: '-new',
    });
    const forced = { ...back, synthesis: forceState(back.synthesis, { state: 'FATAL', reason: 'No resource available' }, undefined, 20) };
    assert.deepEqual([processInfoPayload(forced, 50).payload.statecode, processInfoPayload(forced, 50).payload.statename], [200, 'FATAL']);
    assert.equal(extraArgsOf({ ...back, infos: new Map() }), '');
  });

  it('S6: the S5 keys read on the reporter clock, then what Supvisors keeps besides', () => {
    const info = { ...localProcess('web', 'front', 'RUNNING', { start: 1_000_000, startMonotonic: 40, changedMonotonic: 41, pid: 7, extraArgs: '-a', processIndex: 2, programName: 'fronts' }), localMtime: 42 };
    const built = innerProcessInfoPayload(B, 'n2', info, { epoch: 1_000_065.7, monotonic: 105.5 });
    assert.deepEqual(built.payload, {
      name: 'front',
      group: 'web',
      state: 20,
      statename: 'RUNNING',
      start: 1_000_000,
      stop: 0,
      now: 1_000_065,
      pid: 7,
      description: 'pid 7, uptime 0:01:05',
      spawnerr: '',
      expected: true,
      start_monotonic: 40,
      stop_monotonic: 0,
      now_monotonic: 105.5,
      extra_args: '-a',
      startsecs: 1,
      stopwaitsecs: 10,
      process_index: 2,
      program_name: 'fronts',
      disabled: false,
      has_stdout: true,
      has_stderr: false,
      exitstatus: 0,
      local_mtime: 42,
      event_time: 41,
      uptime: 65.5,
      has_crashed: false,
      identifier: B,
      nick_identifier: 'n2',
    });
    assert.deepEqual(built.doubles, ['start_monotonic', 'stop_monotonic', 'now_monotonic', 'local_mtime', 'event_time', 'uptime']);
  });

  it('S6: a crash, uptime the int 0 when not running', () => {
    const info = { ...localProcess('web', 'back', 'FATAL', { spawnerr: 'Exited too quickly', expected: false, start: 900, stop: 901 }), localMtime: 3 };
    const built = innerProcessInfoPayload(A, 'n1', info, { epoch: 1000, monotonic: 10 });
    assert.deepEqual([built.payload.description, built.payload.uptime, built.payload.has_crashed], ['Exited too quickly', 0, true]);
    assert.ok(!built.doubles.includes('uptime'));
  });

  it('S7: the rules of a managed application, in Python key order', () => {
    const built = applicationRulesPayload(viewOf(model, rules, 'web'));
    assert.deepEqual(built.payload, {
      managed: true,
      distribution: 'SINGLE_NODE',
      identifiers: ['n2', A],
      start_sequence: 2,
      stop_sequence: 2,
      starting_strategy: 'MOST_LOADED',
      starting_failure_strategy: 'ABORT',
      running_failure_strategy: 'STOP_APPLICATION',
      status_formula: "'front'",
      application_name: 'web',
    });
    assert.deepEqual(Object.keys(built.payload).slice(0, 2), ['managed', 'distribution']);
    assert.deepEqual(built.doubles, []);
  });

  it('S7: exactly {application_name, managed: false} for an unmanaged or refused application', () => {
    assert.deepEqual(applicationRulesPayload(viewOf(model, rules, 'tools')).payload, { managed: false, application_name: 'tools' });
    let withBroken = model;
    withBroken = applyReport(withBroken, A, localProcess('broken', 'x', 'STOPPED'), 16);
    const broken = viewOf(withBroken, rules, 'broken');
    assert.ok(broken.broken !== undefined);
    assert.deepEqual(applicationRulesPayload(broken).payload, { managed: false, application_name: 'broken' });
  });

  it('S8: program rules, required off outside the start sequence, [] while a sign is unresolved', () => {
    const [front, back] = viewOf(model, rules, 'web').processes;
    assert.ok(front !== undefined && back !== undefined);
    assert.deepEqual(processRulesPayload('web', 'front', front.rules).payload, {
      identifiers: ['*'],
      start_sequence: 1,
      stop_sequence: 1,
      required: true,
      wait_exit: true,
      expected_loading: 30,
      starting_failure_strategy: 'ABORT',
      running_failure_strategy: 'STOP_APPLICATION',
      application_name: 'web',
      process_name: 'front',
    });
    assert.deepEqual(processRulesPayload('web', 'back', back.rules).payload, {
      identifiers: [],
      start_sequence: 0,
      stop_sequence: 0,
      required: false,
      wait_exit: false,
      expected_loading: 0,
      starting_failure_strategy: 'ABORT',
      running_failure_strategy: 'STOP_APPLICATION',
      application_name: 'web',
      process_name: 'back',
    });
    assert.deepEqual(Object.keys(processRulesPayload('web', 'back', back.rules).payload).slice(-2), ['application_name', 'process_name']);
  });
});
