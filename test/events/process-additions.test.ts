/**
 * Our extension headers beside 0.19 (events/process-stream.ts additionsOfChange, docs/events.md):
 * a process that joins an instance without an event of its own gets its `process_added`, an
 * application no status of which was published its `application_added`; the 0.19 messages of
 * the same changes are those streamOfChange decides alone (test/events/process-stream.test.ts).
 */
import assert from 'node:assert/strict';
import {
  additionsOfChange,
  emptyAdditionMemory,
  emptyStreamMemory,
  streamOfChange,
  type AdditionMemory,
  type StreamMemory,
} from '../../events/process-stream.js';
import type { ModelChange } from '../../model/model-change.js';
import { processStatusEvent } from '../../events/payloads.js';
import { applyReport, emptyModel, removeReport, replaceInstance, type ClusterModel } from '../../model/cluster-model.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { namespecOf } from '../../supervisor/namespec.js';
import { localProcess } from '../helpers/local-process.js';

const A = 'svhost:60000';
const B = 'svhost:60001';
const rules = mergeRules([parseRulesFile('<?xml version="1.0"?>\n<root>\n  <application name="app1"/>\n  <application name="app2"/>\n</root>\n', 'rules.xml').rules]).rules;
const context = { rules, startingStrategy: 'CONFIG', nickOf: (identifier: string) => `nick-${identifier}`, now: 1795287615.5, nowMonotonic: 400.5, clock: { epoch: 1795287615.5, monotonic: 400.5 } };

/** A message as a short text: `process p_00 RUNNING`, `process_added p_01 STOPPED`, `application_added app1 STOPPED`. */
function brief(event: { readonly header: string; readonly body: Readonly<Record<string, unknown>> }): string {
  const name = event.body['process_name'] ?? event.body['application_name'];
  return typeof name === 'string' ? `${event.header} ${name} ${String(event.body['statename'])}` : `${event.header} ${String(event.body['state'])}`;
}

/** Both decisions along changes of the model, as the feed runs them. */
class Streams {
  model: ClusterModel = emptyModel;
  memory: StreamMemory = emptyStreamMemory;
  additions: AdditionMemory = emptyAdditionMemory;
  private time = 0;

  private apply(change: Omit<ModelChange, 'model'>, model: ClusterModel): { standard: string[]; added: string[] } {
    this.model = model;
    this.time += 1;
    const full = { ...change, model };
    const step = streamOfChange(this.memory, full, context);
    const added = additionsOfChange(this.additions, full, step, context);
    this.memory = step.memory;
    this.additions = added.memory;
    return { standard: step.events.map(brief), added: added.events.map(brief) };
  }

  load(identifier: string, processes: readonly LocalProcess[]): { standard: string[]; added: string[] } {
    return this.apply({ namespecs: processes.map((process) => namespecOf(process.group, process.name)) }, replaceInstance(this.model, identifier, processes, this.time + 1));
  }

  report(identifier: string, process: LocalProcess): { standard: string[]; added: string[] } {
    const reported = { identifier, process, disabledChanged: false };
    return this.apply({ namespecs: [namespecOf(process.group, process.name)], reported }, applyReport(this.model, identifier, process, this.time + 1));
  }

  remove(identifier: string, group: string, name: string): { standard: string[]; added: string[] } {
    const namespec = namespecOf(group, name);
    return this.apply({ namespecs: [namespec], removed: { identifier, group, name } }, removeReport(this.model, identifier, namespec));
  }
}

const p = (name: string, state: LocalProcess['state'], group = 'app1'): LocalProcess => localProcess(group, name, state, { programName: 'p' });

describe('extension headers process_added / application_added (events/process-stream.ts additionsOfChange)', () => {
  it('processes loaded: no 0.19 message, one process_added each, after the application_added of their application', () => {
    const streams = new Streams();
    assert.deepEqual(streams.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]), {
      standard: [],
      added: ['application_added app1 STOPPED', 'process_added p_00 STOPPED', 'process_added p_01 STOPPED'],
    });
    // the same list again: told already
    assert.deepEqual(streams.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]), { standard: [], added: [] });
    // another instance's list: p_00 joins B (its rows there are new), the application is known
    assert.deepEqual(streams.load(B, [p('p_00', 'STOPPED')]), { standard: [], added: ['process_added p_00 STOPPED'] });
    assert.deepEqual(streams.load(B, [p('p_00', 'STOPPED')]), { standard: [], added: [] });
  });

  it('0.19 update_numprocs, on one instance: a process gone from it and back is told again, though another instance kept it', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]);
    streams.load(B, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]);
    assert.deepEqual(streams.remove(A, 'app1', 'p_01').added, []);
    assert.deepEqual(streams.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]), { standard: [], added: ['process_added p_01 STOPPED'] });
    // gone from a whole list (no removal notice), then back
    assert.deepEqual(streams.load(B, [p('p_00', 'STOPPED')]).added, []);
    assert.deepEqual(streams.load(B, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]).added, ['process_added p_01 STOPPED']);
  });

  it('a numprocs increase: the new process only, once; the bodies are the S4 / S3 statuses a `process` / `application` message carries', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED')]);
    streams.report(A, p('p_00', 'STARTING'));
    streams.report(A, p('p_00', 'RUNNING'));
    const model = replaceInstance(streams.model, A, [p('p_00', 'RUNNING'), p('p_01', 'STOPPED')], 10);
    const step = streamOfChange(streams.memory, { model, namespecs: ['app1:p_00', 'app1:p_01'] }, context);
    const added = additionsOfChange(streams.additions, { model, namespecs: ['app1:p_00', 'app1:p_01'] }, step, context);
    assert.deepEqual(step.events, []);
    assert.deepEqual(added.events.map(brief), ['process_added p_01 STOPPED']);
    const record = model.processes.get('app1:p_01');
    assert.ok(record !== undefined);
    assert.deepEqual(added.events[0]?.body, processStatusEvent(record, context.nowMonotonic).body);
  });

  it('a process reported by the instance it joins gets its 0.19 messages only; its state changes add nothing', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED')]);
    assert.deepEqual(streams.report(A, p('p_01', 'STARTING')), {
      standard: ['event 10', 'process p_01 STARTING', 'application app1 STARTING'],
      added: [],
    });
    assert.deepEqual(streams.report(A, p('p_01', 'RUNNING')).added, []);
    assert.deepEqual(streams.report(A, p('p_00', 'STARTING')).added, []);
  });

  it('a process reported by an instance it joins, with no `event` of 0.19 for it (spec/events.md §4.4), gets its process_added', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED')]);
    const process = p('p_01', 'STOPPED');
    const model = applyReport(streams.model, A, process, 10);
    const change = { model, namespecs: ['app1:p_01'], reported: { identifier: A, process, disabledChanged: false } };
    const silent = { events: [], memory: streams.memory };
    assert.deepEqual(additionsOfChange(streams.additions, change, silent, context).events.map(brief), ['process_added p_01 STOPPED']);
  });

  it('a group added to supervisord: its application and its processes; an unmanaged one too (0.19 never publishes it)', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED')]);
    assert.deepEqual(streams.load(A, [p('p_00', 'STOPPED'), p('x', 'STOPPED', 'app2'), p('y', 'STOPPED', 'free')]), {
      standard: [],
      added: ['application_added app2 STOPPED', 'application_added free STOPPED', 'process_added x STOPPED', 'process_added y STOPPED'],
    });
  });

  it('a process removed (DELETED on the 0.19 headers) and added again is told again, its application too', () => {
    const streams = new Streams();
    streams.load(A, [p('p_00', 'STOPPED')]);
    assert.deepEqual(streams.remove(A, 'app1', 'p_00'), { standard: ['event -1', 'process p_00 DELETED', 'application app1 DELETED'], added: [] });
    assert.deepEqual(streams.load(A, [p('p_00', 'STOPPED')]).added, ['application_added app1 STOPPED', 'process_added p_00 STOPPED']);
  });
});
