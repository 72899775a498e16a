import assert from 'node:assert/strict';
import type { ClientEventOptions, SupvisorsClient } from '../../client/index.js';
import type { CommandContext } from '../../cli/command.js';
import { applicationConcerns, namespecConcerns, ProgressBoard, waitWithProgress } from '../../cli/progress.js';
import { waitFor } from '../helpers/wait.js';
import { RecordingOutput } from './recording-output.js';

const status = (application: string, process: string, statename: string, identifiers: string[] = []): Parameters<ProgressBoard['process']>[0] => ({
  application_name: application,
  process_name: process,
  statename: statename as Parameters<ProgressBoard['process']>[0]['statename'],
  identifiers,
});

/** The event client a fake node gives: the test opens it, refuses it, pushes bodies. */
class FakeEvents {
  connections = 0;
  closed = false;
  constructor(readonly options: ClientEventOptions) {}
  get connected(): boolean {
    return this.connections > 0 && !this.closed;
  }
  open(): void {
    this.connections += 1;
    this.options.onOpen?.();
  }
  refuse(): void {
    this.options.onError?.(new Error('Unexpected server response: 404'));
  }
  push(body: Parameters<ProgressBoard['process']>[0]): void {
    this.options.handlers.process?.(body as Parameters<NonNullable<ClientEventOptions['handlers']['process']>>[0]);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** A node whose event stream is faked, and its instances (for the nicks). */
function fakeContext(out: RecordingOutput, react: (events: FakeEvents) => void, signal = new AbortController().signal): { context: CommandContext; streams: FakeEvents[] } {
  const streams: FakeEvents[] = [];
  const fake = {
    events(options: ClientEventOptions) {
      const events = new FakeEvents(options);
      streams.push(events);
      queueMicrotask(() => react(events));
      return events;
    },
    with() {
      return fake;
    },
    supvisors: {
      get_all_instances_info: () => Promise.resolve([{ identifier: '10.0.0.2:60000', nick_identifier: 'node2' }]),
    },
  };
  // the few members waitWithProgress uses
  const client = fake as unknown as SupvisorsClient;
  return { context: { client, connect: () => client, out, signal }, streams };
}

describe('cli/progress: the progress of a waiting command', () => {
  it('ProgressBoard: the moving processes where they move, else the last news', () => {
    const board = new ProgressBoard('starting web', (identifier) => (identifier === 'a:1' ? 'node1' : identifier), applicationConcerns('web'));
    assert.equal(board.text(0), '[0s] starting web');
    assert.equal(board.process(status('other', 'x', 'STARTING')), false);
    assert.equal(board.process(status('web', 'front', 'STARTING', ['a:1'])), true);
    board.process(status('web', 'back', 'STARTING', ['b:2']));
    assert.equal(board.text(2.7), '[2s] web:front STARTING on node1, web:back STARTING on b:2');
    board.process(status('web', 'front', 'RUNNING', ['a:1']));
    assert.equal(board.text(3), '[3s] web:back STARTING on b:2');
    board.process(status('web', 'back', 'RUNNING', ['b:2']));
    assert.equal(board.text(3), '[3s] web:back RUNNING on b:2');
    board.application({ application_name: 'web', statename: 'RUNNING' });
    assert.equal(board.text(4), '[4s] web RUNNING');
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) board.process(status('web', name, 'STOPPING'));
    assert.equal(board.text(5), '[5s] web:p1 STOPPING, web:p2 STOPPING, web:p3 STOPPING (+2 more)');
  });

  it('concerns: a namespec as Supervisor splits it, an application', () => {
    assert.equal(namespecConcerns('web:*')('web', 'front'), true);
    assert.equal(namespecConcerns('web:')('web', 'front'), true);
    assert.equal(namespecConcerns('web:front')('web', 'back'), false);
    assert.equal(namespecConcerns('web:front')('web', undefined), true);
    assert.equal(namespecConcerns('solo')('solo', 'solo'), true);
    assert.equal(namespecConcerns('solo')('web', 'solo'), false);
    assert.equal(applicationConcerns('web')('web', 'front'), true);
    assert.equal(applicationConcerns('web')('tools', undefined), false);
  });

  it('shows the events while the call waits, with the nicks, and closes the stream', async () => {
    const out = new RecordingOutput();
    let release: (value: boolean) => void = () => undefined;
    const { context, streams } = fakeContext(out, (events) => events.open());
    const waiting = waitWithProgress(context, { label: 'starting web', concerns: applicationConcerns('web') }, () => new Promise<boolean>((resolve) => (release = resolve)));
    await waitFor('the stream open', () => out.progressLines.length > 0);
    assert.deepEqual(out.progressLines, ['[0s] starting web']);
    streams[0]?.push(status('web', 'front', 'STARTING', ['10.0.0.2:60000']));
    streams[0]?.push(status('tools', 'tool', 'STARTING', ['10.0.0.2:60000']));
    assert.deepEqual(out.progressLines, ['[0s] starting web', '[0s] web:front STARTING on node2']);
    release(true);
    assert.deepEqual(await waiting, { done: true, value: true });
    assert.equal(streams[0]?.closed, true);
  });

  it('waits silently when the stream is refused (a Python server, event_link = NONE)', async () => {
    const out = new RecordingOutput();
    const { context, streams } = fakeContext(out, (events) => events.refuse());
    assert.deepEqual(await waitWithProgress(context, { label: 'starting web' }, () => Promise.resolve(true)), { done: true, value: true });
    assert.deepEqual(out.progressLines, []);
    assert.equal(streams[0]?.closed, true);
  });

  it('a fault of the call is thrown, the stream closed', async () => {
    const { context, streams } = fakeContext(new RecordingOutput(), (events) => events.open());
    await assert.rejects(waitWithProgress(context, { label: 'x' }, () => Promise.reject(new Error('fault'))), /fault/);
    assert.equal(streams[0]?.closed, true);
  });

  it('Ctrl-C: stops waiting (the call left to the server), the stream closed', async () => {
    const controller = new AbortController();
    const out = new RecordingOutput(false, false, (text) => {
      if (text.includes('STARTING')) controller.abort();
    });
    let fail: (error: Error) => void = () => undefined;
    let sent = false;
    const { context, streams } = fakeContext(out, (events) => events.open(), controller.signal);
    const waiting = waitWithProgress(context, { label: 'starting web' }, () => {
      sent = true;
      return new Promise<boolean>((_, reject) => (fail = reject));
    });
    await waitFor('the call sent', () => sent);
    streams[0]?.push(status('web', 'front', 'STARTING'));
    assert.deepEqual(await waiting, { done: false });
    assert.equal(streams[0]?.closed, true);
    // its late failure goes nowhere (no unhandled rejection)
    fail(new Error('connection closed'));
  });

  it('Ctrl-C before the call: nothing sent', async () => {
    const controller = new AbortController();
    const out = new RecordingOutput(false, false, () => controller.abort());
    const { context, streams } = fakeContext(out, (events) => events.open(), controller.signal);
    let sent = false;
    const answer = await waitWithProgress(context, { label: 'starting web' }, () => {
      sent = true;
      return Promise.resolve(true);
    });
    assert.deepEqual(answer, { done: false });
    assert.equal(sent, false);
    assert.equal(streams[0]?.closed, true);
  });

  it('JSON: no stream at all', async () => {
    const { context, streams } = fakeContext(new RecordingOutput(true), (events) => events.open());
    assert.deepEqual(await waitWithProgress(context, { label: 'x' }, () => Promise.resolve(1)), { done: true, value: 1 });
    assert.equal(streams.length, 0);
  });
});
