/**
 * start-batch and stop-batch on a real supervisord: each item checked as start-args /
 * stop-process, the items that pass sent in one system.multicall, one outcome per item in order.
 * The bridge runs in this process (the messages are not public methods) on a supervisord without
 * our runtime: it gets no events, so the tests resync it where they need its model current, and a
 * model left stale on purpose lets supervisord's own faults come back through the multicall.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import { readProgramSections } from '../../config/program-sections.js';
import { supervisorBridge } from '../../supervisor-bridge/bridge.js';
import { ExtraArgsStore } from '../../supervisor-bridge/extra-args.js';
import type { BatchOutcome, BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalModel } from '../../supervisor-bridge/model.js';
import { findNonPlain } from '../../transport/plain-data.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { toRow } from '../helpers/local-model.js';
import { memoryLogger } from '../helpers/logger.js';
import { logsOnFailure, startNode, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:alpha]
command = sleep 1000
autostart = false
startsecs = 0

[program:beta]
command = sleep 1000
autostart = false
startsecs = 0

[program:early]
command = sleep 1000
startsecs = 0

[program:behind]
command = sleep 1000
autostart = false
startsecs = 0

[program:off]
command = sleep 1000
autostart = false
startsecs = 0

[program:plain]
command = sleep 1000
autostart = false
startsecs = 0

[program:missing]
command = /nonexistent/program
autostart = false
startsecs = 0

[program:argv]
command = %(shim)s /bin/sh -c 'echo "$@" > %(here)s/argv_%(process_num)d.txt; exec sleep 1000' argv0
process_name = %(program_name)s_%(process_num)d
numprocs = 2
autostart = false
startsecs = 0
`;

describe('supervisor bridge: start and stop batches on a real supervisord', function () {
  this.timeout(30_000);
  let node: TestNode;
  let system: ActorSystem;
  let bridge: ActorRef<BridgeMessage>;
  /** The methods the bridge called on supervisord, in order. */
  const called: string[] = [];

  before(async () => {
    node = await startNode({ programs: PROGRAMS, runtime: false });
    system = new ActorSystem({ node: 'test-node', logger: memoryLogger().logger });
    bridge = system.spawn<BridgeMessage>(
      'supervisor-bridge',
      supervisorBridge({
        client: {
          call: (method: string, params?: XmlRpcValue[]) => {
            called.push(method);
            return node.supervisor.call(method, params);
          },
        },
        sections: () => readProgramSections(node.confFile),
        extraArgs: new ExtraArgsStore(join(node.dir, 'args')),
      }),
    );
    await resynced();
    assert.equal(await bridge.ask<boolean>((replyTo) => ({ type: 'set-disabled', program: 'off', disabled: true, wait: false, replyTo })), true);
  });
  after(async () => {
    await system?.shutdown();
    await node?.stop();
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });

  const model = (): Promise<LocalModel> => bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }));
  /**
   * The model read again from supervisord: this bridge gets no events, and its own first resync
   * may come after a message sent right after the spawn.
   */
  const resynced = (): Promise<LocalModel> => {
    bridge.tell({ type: 'resync', reason: 'test' });
    return model();
  };
  const startBatch = (starts: { namespec: string; extraArgs: string }[]): Promise<readonly BatchOutcome[]> =>
    bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'start-batch', starts, replyTo }));
  const stopBatch = (namespecs: string[]): Promise<readonly BatchOutcome[]> =>
    bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'stop-batch', namespecs, replyTo }));
  const supervisordState = async (spec: string): Promise<unknown> => toRow(await node.supervisor.call('supervisor.getProcessInfo', [spec]))['statename'];
  const argvFile = (index: number): string => {
    try {
      return readFileSync(join(node.dir, `argv_${index}.txt`), 'utf8');
    } catch {
      return '';
    }
  };

  it('starts the items that pass their checks in one multicall and answers a fault for each of the others', async () => {
    // early: RUNNING in the model (autostart). behind: started behind the bridge's back, so its
    // model still says STOPPED and supervisord itself refuses it inside the multicall.
    assert.equal((await resynced()).get('early')?.state, 'RUNNING');
    await node.supervisor.call('supervisor.startProcess', ['behind', false]);
    const mark = called.length;
    const outcomes = await startBatch([
      { namespec: 'alpha', extraArgs: '' },
      { namespec: 'nope', extraArgs: '' },
      { namespec: 'off', extraArgs: '' },
      { namespec: 'early', extraArgs: '' },
      { namespec: 'argv:argv_0', extraArgs: '-x "two words"' },
      { namespec: 'plain', extraArgs: '-x' },
      { namespec: 'behind', extraArgs: '' },
      { namespec: 'missing', extraArgs: '' },
      { namespec: 'argv:argv_1', extraArgs: 'one' },
      { namespec: 'beta', extraArgs: '' },
      { namespec: 'beta', extraArgs: '' },
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.namespec, outcome.fault?.code, outcome.fault?.text]),
      [
        ['alpha', undefined, undefined],
        ['nope', 10, 'BAD_NAME: namespec=nope unknown to Supervisor'],
        ['off', 103, 'DISABLED: off'],
        ['early', 60, 'ALREADY_STARTED: early'],
        ['argv:argv_0', undefined, undefined],
        ['plain', 104, 'NOT_APPLICABLE: program=plain does not take extra arguments: its command must start with supvisors-args'],
        ['behind', 60, 'ALREADY_STARTED: behind'],
        ['missing', 20, "NO_FILE: can't find command '/nonexistent/program'"],
        ['argv:argv_1', undefined, undefined],
        ['beta', undefined, undefined],
        // given twice: both pass the checks, supervisord refuses the second
        ['beta', 60, 'ALREADY_STARTED: beta'],
      ],
    );
    // One request for the batch: the only other call is the check that early still runs.
    assert.deepEqual(called.slice(mark), ['supervisor.getProcessInfo', 'system.multicall']);
    // Outcomes cross the peer transport: plain data, and no fault key when accepted.
    assert.equal(findNonPlain(outcomes), undefined);
    assert.deepEqual(outcomes[0], { namespec: 'alpha' });

    for (const spec of ['alpha', 'argv:argv_0', 'argv:argv_1', 'beta']) assert.equal(await supervisordState(spec), 'RUNNING', spec);
    for (const spec of ['off', 'plain']) assert.equal(await supervisordState(spec), 'STOPPED', spec);
    await waitFor('argv files written', () => argvFile(0) === '-x two words\n' && argvFile(1) === 'one\n', { timeoutMs: 5000, intervalMs: 20 });
    // The extra arguments are in the model at once, and stored for a runtime started later.
    const now = await model();
    assert.deepEqual([now.get('argv:argv_0')?.extraArgs, now.get('argv:argv_1')?.extraArgs], ['-x "two words"', 'one']);
    const stored = new ExtraArgsStore(join(node.dir, 'args')).readAll();
    assert.deepEqual([stored.get('argv:argv_0'), stored.get('argv:argv_1')], ['-x "two words"', 'one']);
  });

  it('stops the known items in one multicall and answers a fault for each of the others', async () => {
    // The model still shows alpha and beta STOPPED (no events): the stop goes to supervisord anyway.
    const mark = called.length;
    const outcomes = await stopBatch(['alpha', 'nope', 'off', 'argv:argv_1', 'beta']);
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.namespec, outcome.fault?.code, outcome.fault?.text]),
      [
        ['alpha', undefined, undefined],
        ['nope', 10, 'BAD_NAME: namespec=nope unknown to Supervisor'],
        ['off', 70, 'NOT_RUNNING: off'],
        ['argv:argv_1', undefined, undefined],
        ['beta', undefined, undefined],
      ],
    );
    assert.deepEqual(called.slice(mark), ['system.multicall']);
    await waitFor(
      'alpha, argv_1 and beta STOPPED',
      async () => (await Promise.all(['alpha', 'argv:argv_1', 'beta'].map(supervisordState))).every((state) => state === 'STOPPED'),
      { timeoutMs: 5000, intervalMs: 20 },
    );
    assert.equal(await supervisordState('argv:argv_0'), 'RUNNING');
  });

  it('answers a batch with nothing to send without calling supervisord', async () => {
    await resynced();
    const mark = called.length;
    assert.deepEqual(await startBatch([]), []);
    assert.deepEqual(await stopBatch([]), []);
    assert.deepEqual(await startBatch([{ namespec: 'off', extraArgs: '' }]), [{ namespec: 'off', fault: { code: 103, text: 'DISABLED: off' } }]);
    assert.deepEqual(await stopBatch(['nope']), [{ namespec: 'nope', fault: { code: 10, text: 'BAD_NAME: namespec=nope unknown to Supervisor' } }]);
    assert.deepEqual(called.slice(mark), []);
  });
});
