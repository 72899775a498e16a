/**
 * The failure handler remembers the restarts a loss owes on every instance, and whoever becomes
 * the acting Master plans those still owed: a restart survives a change of Master (the one that
 * ordered it may be the one lost) and a loss seen while no Master acted.
 */
import assert from 'node:assert/strict';
import { ActorSystem } from '../../../actors/core/index.js';
import type { ContextMessage, ContextNotice } from '../../../actors/context/messages.js';
import { failureHandler, type FailureHandlerMessage } from '../../../actors/failure-handler/failure-handler.js';
import type { StarterMessage } from '../../../actors/starter/messages.js';
import { ClusterView } from '../../../actors/state-machine/view.js';
import type { StopperMessage } from '../../../actors/stopper/messages.js';
import { initialStateModes, setLocalModes } from '../../../cluster/state-records.js';
import { applyReport, emptyModel, invalidateInstance, type ClusterModel } from '../../../model/cluster-model.js';
import { mergeRules } from '../../../rules/merge-rules.js';
import { parseRulesFile } from '../../../rules/parse-rules.js';
import type { LocalProcess } from '../../../supervisor/local-process.js';
import { localProcess } from '../../helpers/local-process.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';
import { defaultOptions, instanceList, network } from '../state-machine/fixtures.js';
import type { ProcessState } from '../../../vocabulary/supervisor-states.js';
import { RecordingRef } from '../../helpers/fakes/recording-ref.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';
const C = '127.0.0.1:60003';

function proc(name: string, state: ProcessState): LocalProcess {
  return localProcess('app', name, state, state === 'RUNNING' ? { pid: 42 } : {});
}

const rules = mergeRules([
  parseRulesFile(
    `<?xml version="1.0"?>\n<root>\n<application name="app"><start_sequence>0</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      <programs><program name="lost"><start_sequence>1</start_sequence></program><program name="kept"><start_sequence>1</start_sequence></program></programs></application>\n</root>\n`,
    'rules.xml',
  ).rules,
]).rules;

describe('failure handler: restarts owed', () => {
  let system: ActorSystem | undefined;
  afterEach(async () => {
    await system?.shutdown();
    system = undefined;
  });

  it('are planned by the instance that becomes the acting Master, not before, and only while the process runs nowhere', async () => {
    system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
    const list = instanceList([A, B, C], A);
    const view = new ClusterView(list, initialStateModes(list.instances, A, false), defaultOptions(), network);
    const master = (identifier: string, state: 'ELECTION' | 'OPERATION'): void => {
      view.records = setLocalModes(view.records, A, { masterIdentifier: identifier, state }).records;
    };
    master(B, 'OPERATION');
    const starter = new RecordingRef<StarterMessage>('starter', () => true);
    const context = new RecordingRef<ContextMessage>('context');
    const spawned = system.spawn<FailureHandlerMessage>(
      'failure-handler',
      failureHandler({ view, context, starter, stopper: new RecordingRef<StopperMessage>('stopper'), rules: () => rules, close: () => undefined }),
    );
    let told = 0;
    const handler = { tell: (message: FailureHandlerMessage): void => void ((told += 1), spawned.tell(message)) };
    const processed = (): number => system?.diagnostics({ actor: 'failure-handler' }).actors[0]?.mailbox.processed ?? 0;
    let model: ClusterModel = emptyModel;
    model = applyReport(model, C, proc('lost', 'RUNNING'), 1);
    model = applyReport(model, A, proc('kept', 'RUNNING'), 1);
    const notice = (extra: Partial<ContextNotice> = {}): ContextNotice => ({ type: 'model-changed', model, namespecs: [], ...extra });
    handler.tell(notice());

    // C is lost while B is the Master: A only remembers
    const invalidated = invalidateInstance(model, C, 2);
    model = invalidated.model;
    assert.deepEqual(invalidated.lost, ['app:lost']);
    handler.tell(notice({ lost: { from: C, namespecs: invalidated.lost } }));
    await waitFor('every message handled', () => processed() >= told, { timeoutMs: 1000 });
    const starts = (): StarterMessage[] => starter.ofType('start-processes');
    assert.equal(starts().length, 0, 'a slave plans nothing');

    // B is lost before its restart happened; A becomes the Master: ELECTION, then OPERATION
    master(A, 'ELECTION');
    handler.tell(notice());
    master(A, 'OPERATION');
    await waitFor('the owed restart planned by the new Master', () => starts().length === 1, { timeoutMs: 2000 });
    assert.deepEqual(starts()[0]?.type === 'start-processes' ? starts()[0] : undefined, { ...starts()[0], namespecs: ['app:lost'] });

    // once it runs somewhere, nothing is owed any more: a later change of Master plans nothing
    model = applyReport(model, A, proc('lost', 'RUNNING'), 3);
    handler.tell(notice());
    master(A, 'ELECTION');
    handler.tell(notice());
    master(A, 'OPERATION');
    handler.tell(notice());
    handler.tell({ type: 'owed' });
    await waitFor('every message handled', () => processed() >= told, { timeoutMs: 1000 });
    assert.equal(starts().length, 1);
  });
});
