/**
 * What the event stream publishes after a change of the model (events/process-stream.ts), checked
 * against spec/events.md §4.3-4.5 and §5 (Supvisors 0.19): one `event` per Supervisor change,
 * statuses after an event or when they changed, the DELETED statuses of a removal, nothing for
 * an unmanaged application, the stream ending on the model's view.
 */
import assert from 'node:assert/strict';
import { emptyStreamMemory, streamOfChange, type StreamMemory } from '../../events/process-stream.js';
import type { ModelChange } from '../../model/model-change.js';
import { encodeJson } from '../../events/json.js';
import type { PublishedEvent } from '../../events/payloads.js';
import { applyReport, emptyModel, forceProcessState, invalidateInstance, removeReport, replaceInstance, type ClusterModel } from '../../model/cluster-model.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { namespecOf } from '../../supervisor/namespec.js';
import { localProcess } from '../helpers/local-process.js';

const A = 'svhost:60000';
const B = 'svhost:60001';
const rules = mergeRules([parseRulesFile('<?xml version="1.0"?>\n<root>\n  <application name="app1"/>\n</root>\n', 'rules.xml').rules]).rules;
const context = { rules, startingStrategy: 'CONFIG', nickOf: (identifier: string) => `nick-${identifier}`, now: 1795287615.5, nowMonotonic: 400.5, clock: { epoch: 1795287615.5, monotonic: 400.5 } };

/** One message as a short text: `event 10`, `process p_00 RUNNING`, `application app1 RUNNING`. */
function brief(event: PublishedEvent): string {
  const field = (key: string): string => encodeJson(event.body[key] ?? null).replace(/"/g, '');
  const body = event.body;
  switch (event.header) {
    case 'event':
      if ('statename' in body) return `event disabled ${field('disabled')}`;
      return `event ${field('state')}${'disabled' in body || body['state'] === -1 ? '' : ' forced'}`;
    case 'process':
      return `process ${field('process_name')} ${field('statename')}`;
    case 'application':
      return `application ${field('application_name')} ${field('statename')}`;
    default:
      return event.header;
  }
}

/** Runs the stream along changes of the model as the context actor makes them. */
class Stream {
  model: ClusterModel = emptyModel;
  memory: StreamMemory = emptyStreamMemory;
  last: PublishedEvent[] = [];
  /** Local monotonic seconds: one more at each change. */
  private time = 0;

  private tick(): number {
    this.time += 1;
    return this.time;
  }

  private apply(change: Omit<ModelChange, 'model'>, model: ClusterModel): string[] {
    this.model = model;
    const step = streamOfChange(this.memory, { ...change, model }, context);
    this.memory = step.memory;
    this.last = [...step.events];
    return step.events.map(brief);
  }

  /** A whole list of an instance (handshake, resync, numprocs change): no single cause. */
  load(identifier: string, processes: readonly LocalProcess[]): string[] {
    return this.apply({ namespecs: processes.map((process) => namespecOf(process.group, process.name)) }, replaceInstance(this.model, identifier, processes, this.tick()));
  }

  report(identifier: string, process: LocalProcess): string[] {
    const before = this.model.processes.get(namespecOf(process.group, process.name))?.infos.get(identifier);
    const reported = { identifier, process, disabledChanged: before !== undefined && before.disabled !== process.disabled };
    return this.apply({ namespecs: [namespecOf(process.group, process.name)], reported }, applyReport(this.model, identifier, process, this.tick()));
  }

  remove(identifier: string, group: string, name: string): string[] {
    const namespec = namespecOf(group, name);
    return this.apply({ namespecs: [namespec], removed: { identifier, group, name } }, removeReport(this.model, identifier, namespec));
  }

  force(namespec: string, reason: string): string[] {
    return this.apply({ namespecs: [namespec], forced: { namespec, state: 'FATAL', reason } }, forceProcessState(this.model, namespec, { state: 'FATAL', reason }));
  }

  lose(identifier: string): string[] {
    const { model, lost } = invalidateInstance(this.model, identifier, this.tick());
    return this.apply({ namespecs: lost, lost: { from: identifier, namespecs: lost } }, model);
  }
}

const p = (name: string, state: LocalProcess['state'], extra: Partial<LocalProcess> = {}): LocalProcess => localProcess('app1', name, state, { programName: 'p', ...extra });

describe('event stream decisions (events/process-stream.ts, events.md §5)', () => {
  it('loading processes publishes nothing (0.19: no message for processes added)', () => {
    const stream = new Stream();
    assert.deepEqual(stream.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]), []);
  });

  it('a start: one event per Supervisor change, each followed by the process then the application status; no STOPPED event before it', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED')]);
    // the snapshot re-read before the start (extra_args applied): the same state, no Supervisor change
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPED', { extraArgs: '-x' })), []);
    assert.deepEqual(stream.report(A, p('p_00', 'STARTING')), ['event 10', 'process p_00 STARTING', 'application app1 STARTING']);
    assert.deepEqual(stream.report(A, p('p_00', 'RUNNING', { pid: 42 })), ['event 20', 'process p_00 RUNNING', 'application app1 RUNNING']);
    const event = stream.last[0];
    assert.deepEqual([event?.body['identifier'], event?.body['nick_identifier'], event?.body['pid']], [A, `nick-${A}`, 42]);
  });

  it('a stop and a crash: STOPPED once, EXITED once (the exit details read after the event add no event)', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'RUNNING'), p('p_01', 'RUNNING')]);
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPING')), ['event 40', 'process p_00 STOPPING', 'application app1 STOPPING']);
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPED')).filter((one) => one.startsWith('event')), ['event 0']);
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPED', { stop: 5 })), []);
    assert.deepEqual(stream.report(A, p('p_01', 'EXITED', { expected: false })).filter((one) => one.startsWith('event')), ['event 100']);
    assert.deepEqual(stream.report(A, p('p_01', 'EXITED', { expected: false, spawnerr: 'Bad exit code 1', exitstatus: 1 })), []);
  });

  it('a whole list again with nothing changed publishes nothing (0.19: no re-publication of unchanged statuses)', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED'), p('p_02', 'STOPPED')]);
    stream.report(A, p('p_00', 'STARTING'));
    stream.report(A, p('p_00', 'RUNNING'));
    assert.deepEqual(stream.load(A, [p('p_00', 'RUNNING'), p('p_01', 'STOPPED'), p('p_02', 'STOPPED')]), []);
    // a numprocs increase: a new process, no message
    assert.deepEqual(stream.load(A, [p('p_00', 'RUNNING'), p('p_01', 'STOPPED'), p('p_02', 'STOPPED'), p('p_03', 'STOPPED')]), []);
  });

  it('a numprocs decrease: per removed process, event (c), its DELETED status when no instance has it, then the application', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'RUNNING'), p('p_01', 'STOPPED')]);
    stream.load(B, [p('p_01', 'STOPPED')]);
    assert.deepEqual(stream.remove(A, 'app1', 'p_01'), ['event -1', 'application app1 RUNNING']);
    assert.deepEqual(stream.remove(B, 'app1', 'p_01'), ['event -1', 'process p_01 DELETED', 'application app1 RUNNING']);
    assert.deepEqual(stream.last[1]?.body['statecode'], -1);
    assert.deepEqual(stream.last[0]?.body, { name: 'p_01', group: 'app1', state: -1 });
    // the last process of the application: the application DELETED too
    assert.deepEqual(stream.remove(A, 'app1', 'p_00'), ['event -1', 'process p_00 DELETED', 'application app1 DELETED']);
  });

  it('a process that came back after its removal has its events again', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED')]);
    stream.remove(A, 'app1', 'p_00');
    stream.load(A, [p('p_00', 'STOPPED')]);
    assert.deepEqual(stream.report(A, p('p_00', 'STARTING')).slice(0, 2), ['event 10', 'process p_00 STARTING']);
  });

  it('converges on the model: a status already published is published again when it changed without an event', () => {
    const stream = new Stream();
    stream.load(A, [p('w', 'STOPPED')]);
    stream.report(A, p('w', 'STARTING'));
    stream.report(A, p('w', 'RUNNING'));
    assert.deepEqual(stream.report(A, p('w', 'EXITED')).slice(0, 2), ['event 100', 'process w EXITED']);
    // a resync shows it STOPPED (its exit then lost): one status, the model's
    assert.deepEqual(stream.load(A, [p('w', 'STOPPED')]), ['process w STOPPED', 'application app1 STOPPED']);
    // and again the same list: nothing more
    assert.deepEqual(stream.load(A, [p('w', 'STOPPED')]), []);
  });

  it('a whole list of another instance, unchanged, leaves an EXITED process EXITED (the latest news is its exit)', () => {
    const stream = new Stream();
    stream.load(A, [p('w', 'STOPPED')]);
    stream.load(B, [p('w', 'STOPPED')]);
    stream.report(A, p('w', 'STARTING'));
    stream.report(A, p('w', 'RUNNING'));
    stream.report(A, p('w', 'EXITED'));
    assert.deepEqual(stream.load(B, [p('w', 'STOPPED')]), []);
    assert.equal(stream.model.processes.get('app1:w')?.synthesis.state, 'EXITED');
  });

  it('an unmanaged application is never published; its processes are', () => {
    const stream = new Stream();
    stream.load(A, [localProcess('free', 'x', 'STOPPED')]);
    assert.deepEqual(stream.report(A, localProcess('free', 'x', 'STARTING')), ['event 10', 'process x STARTING']);
    assert.deepEqual(stream.remove(A, 'free', 'x'), ['event -1', 'process x DELETED']);
  });

  it('enable / disable: one event (d) for the instance where the flag changed, no status', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED')]);
    stream.load(B, [p('p_00', 'STOPPED')]);
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPED', { disabled: true })), ['event disabled true']);
    assert.ok(!('exitstatus' in (stream.last[0]?.body ?? {})));
    assert.deepEqual(stream.report(A, p('p_00', 'STOPPED', { disabled: false })), ['event disabled false']);
  });

  it('a forced state: event (b), the process status, the application; the same force again is not published twice', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED')]);
    assert.deepEqual(stream.force('app1:p_00', 'No resource available'), ['event 200 forced', 'process p_00 FATAL', 'application app1 STOPPED']);
    assert.deepEqual([stream.last[0]?.body['spawnerr'], 'disabled' in (stream.last[0]?.body ?? {})], ['No resource available', false]);
    assert.deepEqual(stream.force('app1:p_00', 'No resource available'), []);
    // after a report of the process, a new force is published again
    stream.report(A, p('p_00', 'STARTING'));
    assert.deepEqual(stream.force('app1:p_00', 'No resource available').slice(0, 2), ['event 200 forced', 'process p_00 FATAL']);
  });

  it('an instance lost: the status of each process that ran only there (FATAL), then the application; no event', () => {
    const stream = new Stream();
    stream.load(A, [p('p_00', 'STOPPED')]);
    stream.load(B, [p('p_00', 'STOPPED'), p('p_01', 'STOPPED')]);
    stream.report(B, p('p_00', 'RUNNING'));
    assert.deepEqual(stream.lose(B), ['process p_00 FATAL', 'application app1 STOPPED']);
  });
});
